#!/usr/bin/env bash
# Load benchmark (not a test): gunicorn with the production settings on PostgreSQL,
# 50 consultants autosaving answers and opening results pages for 60 s (locust on loopback).
# Usage: bash benchmarks/load/run.sh [USERS] [SECONDS]   (LOAD_DB, LOAD_PORT: another database/port;
# WEB_CONCURRENCY, WEB_THREADS: gunicorn's workers and threads, the Procfile's defaults otherwise)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
USERS="${1:-50}"
SECONDS_RUN="${2:-60}"
PORT="${LOAD_PORT:-8011}"
DB="${LOAD_DB:-maturite40_load}"
WORKERS="${WEB_CONCURRENCY:-3}"
THREADS="${WEB_THREADS:-4}"
WORK="$(mktemp -d)"
PY=.venv/bin/python

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" DATA_DIR="$WORK" DEBUG=false
export SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false
# Connections kept through the run (not 60 s): a reconnection per thread per minute is noise,
# and a backend that lives through the run can have its CPU counted.
export CSRF_COOKIE_SECURE=false CONN_MAX_AGE=600 LOG_LEVEL=WARNING
unset REDIS_URL

cleanup() {
  [ -f "$WORK/gunicorn.pid" ] && kill "$(cat "$WORK/gunicorn.pid")" 2>/dev/null || true
  sleep 1
  dropdb --if-exists --force -h 127.0.0.1 -U postgres "$DB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

dropdb --if-exists -h 127.0.0.1 -U postgres "$DB"
createdb -h 127.0.0.1 -U postgres "$DB"
$PY manage.py migrate -v 0
$PY manage.py collectstatic --no-input -v 0  # DEBUG=false: pages name the hashed files
$PY manage.py load_framework diagnostics/frameworks/default.yaml >/dev/null
$PY benchmarks/load/setup_data.py "$USERS" > "$WORK/sessions.txt"

.venv/bin/gunicorn config.wsgi -w "$WORKERS" -k gthread --threads "$THREADS" --keep-alive 75 -b "127.0.0.1:$PORT" \
  --pid "$WORK/gunicorn.pid" --daemon --error-logfile "$WORK/gunicorn.log"
for _ in $(seq 30); do curl -s -o /dev/null "http://127.0.0.1:$PORT/login/" && break; sleep 0.5; done

# CPU seconds used so far by gunicorn (master and workers) and by this database's PostgreSQL
# backends: the run's share of the two cores is the difference, printed with locust's own.
cpu_seconds() {  # from /proc (ps rounds each process down to whole seconds)
  local gunicorn postgres
  gunicorn="$(cat "$WORK/gunicorn.pid") $(pgrep -P "$(cat "$WORK/gunicorn.pid")" | tr '\n' ' ')"
  postgres="$(pgrep -f "postgres: .* $DB " | tr '\n' ' ' || true)"
  for pids in "$gunicorn" "$postgres"; do
    # shellcheck disable=SC2086
    (cd /proc && cat $(printf '%s/stat ' $pids) 2>/dev/null) \
      | awk -v hz="$(getconf CLK_TCK)" '{s += $14 + $15} END {printf "%.1f ", s / hz}'
  done
  echo
}
read -r GUNICORN_CPU0 PG_CPU0 <<<"$(cpu_seconds)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_SESSIONS="$WORK/sessions.txt" LOAD_PACE="${LOAD_PACE:-site}" /usr/bin/time -f "%U %S" -o "$WORK/locust.cpu" \
  .venv/bin/locust -f benchmarks/load/locustfile.py \
  --headless -u "$USERS" -r 10 --reset-stats -t "$((SECONDS_RUN + USERS / 10))s" --host "http://127.0.0.1:$PORT" \
  --csv "$WORK/load" --only-summary --loglevel WARNING >/dev/null 2>"$WORK/locust.log" || true
LOAD_DURING="$(cut -d' ' -f1-3 /proc/loadavg)"  # the 1-minute figure covers the run's end
read -r GUNICORN_CPU1 PG_CPU1 <<<"$(cpu_seconds)"

$PY - "$WORK/load_stats.csv" "$USERS" "$SECONDS_RUN" "$WORKERS" "$THREADS" <<'PY'
import csv, sys
rows = {r["Name"]: r for r in csv.DictReader(open(sys.argv[1]))}
print(f"Load: {sys.argv[2]} consultants for {sys.argv[3]} s, gunicorn {sys.argv[4]} workers"
      f" × {sys.argv[5]} threads, PostgreSQL")
print(f"(locust FastHttpUser, one process, on the same two cores)")
print(f"{'request':<16}{'count':>8}{'errors':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
for name in ("autosave", "results page", "axis page", "Aggregated"):
    r = rows.get(name)
    if r:
        print(f"{name:<16}{r['Request Count']:>8}{r['Failure Count']:>8}{float(r['Requests/s']):>8.1f}"
              f"{r['50%']:>8}{r['95%']:>8}{r['99%']:>8}")
PY
read -r LOCUST_USER LOCUST_SYS <"$WORK/locust.cpu"
echo "CPU seconds during the run (ramp included, $((SECONDS_RUN + USERS / 10)) s × 2 cores):" \
  "gunicorn $(awk "BEGIN {print $GUNICORN_CPU1 - $GUNICORN_CPU0}")," \
  "PostgreSQL $(awk "BEGIN {print $PG_CPU1 - $PG_CPU0}")," \
  "locust $(awk "BEGIN {print $LOCUST_USER + $LOCUST_SYS}")"
echo "Load average before: $LOAD_BEFORE; at the end: $LOAD_DURING"
