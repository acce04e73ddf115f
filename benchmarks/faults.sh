#!/usr/bin/env bash
# Fault benchmark (not a test): while the demo cohort's PDF reports render on two Celery
# workers, kill one worker's process in the middle of a render, then freeze Redis for 10 s.
# Every report must still end ready, none duplicated, no half-written file left.
# Needs the machine's PostgreSQL and Redis. Usage: bash benchmarks/faults.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=.venv/bin/python
DB=maturite40_faults
WORK="$(mktemp -d)"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" REDIS_URL="redis://127.0.0.1:6379/14"
export DATA_DIR="$WORK" CELERY_QUEUE="faults-$$" CELERY_PDF_QUEUE="faults-$$" LOG_LEVEL=WARNING

cleanup() {
  local pid
  for pid in $(cat "$WORK"/w*.pid 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  kill -CONT "$(pgrep -x redis-server | head -n 1)" 2>/dev/null || true
  sleep 2
  dropdb --if-exists -h 127.0.0.1 -U postgres "$DB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

dropdb --if-exists -h 127.0.0.1 -U postgres "$DB"
createdb -h 127.0.0.1 -U postgres "$DB"
$PY manage.py migrate -v 0
$PY manage.py load_framework diagnostics/frameworks/default.yaml >/dev/null
$PY manage.py load_demo >/dev/null

for n in 1 2; do
  .venv/bin/celery -A config worker -Q "$CELERY_QUEUE" -n "w$n@%h" --concurrency=1 \
    --without-gossip --without-mingle -l INFO --logfile "$WORK/w$n.log" --pidfile "$WORK/w$n.pid" \
    --detach
done
sleep 8
start=$SECONDS
$PY benchmarks/faults.py queue

# Kill worker 1's pool process as soon as it is rendering.
for _ in $(seq 60); do
  child="$(pgrep -P "$(cat "$WORK/w1.pid")" | head -n 1 || true)"
  if [ -n "$child" ] && grep -q "report_render" "$WORK/w1.log" 2>/dev/null; then break; fi
  sleep 0.5
done
sleep 1
echo "killing worker 1's pool process $child mid-render"
kill -9 "$child"

sleep 2
redis_pid="$(pgrep -x redis-server | head -n 1)"
echo "freezing Redis ($redis_pid) for 10 s"
kill -STOP "$redis_pid"
sleep 10
kill -CONT "$redis_pid"
echo "Redis back"

$PY benchmarks/faults.py wait 300
echo "elapsed: $((SECONDS - start)) s"
