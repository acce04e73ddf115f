#!/usr/bin/env bash
# Starts the production stack as the README says (bash scripts/serve.sh) on a fresh
# PostgreSQL database, checks it over HTTP, stops it, and fails if any process is left.
# Run by .ci/run; by hand: bash .ci/serve_check.sh (needs PostgreSQL and Redis running).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=.venv/bin/python
DB="maturite40_serve_$$"
WORK="$(mktemp -d)"
LOG="$WORK/serve.log"
# Every process of the stack inherits this variable: how we find them all.
MARK="serve-check-$$-$RANDOM"
PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
serve_pid=""
# A Redis of our own, on a free port: stopping it (the health check below) disturbs nobody.
REDIS_PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
redis_pid=""
start_redis() {
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    >>"$WORK/redis.log" 2>&1 &
  redis_pid=$!
}
stop_redis() {
  if [ -n "$redis_pid" ]; then kill -TERM "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  redis_pid=""
}

fail() { echo "serve check: $*" >&2; return 1; }

leftovers() {
  local file pid
  for file in /proc/[0-9]*/environ; do
    if grep -qs "M40_SERVE_CHECK=$MARK" "$file"; then
      pid="${file#/proc/}"
      echo "${pid%/environ}"
    fi
  done
}

cleanup() {
  local status=$? pid tries=10
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then kill -TERM "$serve_pid"; fi
  while [ -n "$(leftovers)" ] && [ "$tries" -gt 0 ]; do sleep 1; tries=$((tries - 1)); done
  for pid in $(leftovers); do kill -KILL "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    echo "--- scripts/serve.sh output (last 80 lines) ---" >&2
    tail -n 80 "$LOG" >&2 || true
  fi
  stop_redis
  dropdb --if-exists --force -h 127.0.0.1 -U postgres "$DB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Waits up to $1 seconds for a command to succeed, failing early if the stack has stopped.
within() {
  local seconds="$1" deadline
  shift
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    kill -0 "$serve_pid" 2>/dev/null || fail "scripts/serve.sh stopped (see its output)"
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after $seconds s waiting for: $*"
    sleep 1
  done
}

get() { curl --silent --show-error --max-time 10 -H "X-Forwarded-Proto: https" "$@"; }
logged() { grep -q "$1" "$LOG"; }

createdb -h 127.0.0.1 -U postgres "$DB"
start_redis
secret="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
env -u CELERY_QUEUE -u CELERY_PDF_QUEUE M40_SERVE_CHECK="$MARK" \
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" \
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" \
  SECRET_KEY="$secret" ALLOWED_HOSTS=127.0.0.1 DATA_DIR="$WORK/data" PORT="$PORT" \
  BEAT_REQUEUE_STUCK_REPORTS=5 \
  bash scripts/serve.sh >"$LOG" 2>&1 </dev/null &
serve_pid=$!

# 200 once the workers have written their heartbeat.
within 300 get --fail -o /dev/null "$BASE/healthz"
echo "web: $BASE/healthz answers 200"
healthz_is() {
  get "$BASE/healthz" -o "$WORK/healthz.json" -w '%{http_code}' >"$WORK/healthz.status" || true
  $PY - "$1" "$2" "$WORK/healthz.json" "$(cat "$WORK/healthz.status")" <<'PY'
import json, sys
status, checks, path, code = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
body = json.load(open(path))
sys.exit(0 if code == status and body["checks"] == checks else f"{code} {body}")
PY
}
all_ok='{"database": "ok", "redis": "ok", "worker": "ok", "pdf": "ok", "disk": "ok"}'
healthz_is 200 "$all_ok" || fail "/healthz: $(cat "$WORK/healthz.status") $(cat "$WORK/healthz.json")"
get -o /dev/null -D "$WORK/healthz.headers" -H "X-Request-ID: serve-check-$$" "$BASE/healthz"
grep -qi "^x-request-id: serve-check-$$" "$WORK/healthz.headers" \
  || fail "/healthz did not return the X-Request-ID it was given"

headers="$WORK/page.headers"
page="$(get --fail -D "$headers" "$BASE/login/")"
grep -qi "^content-security-policy: default-src 'self'.*style-src 'self'" "$headers" \
  || fail "the login page has no strict Content-Security-Policy"
css="$(grep -o 'href="/static/css/app\.[0-9a-f]\{12\}\.css"' <<<"$page" | head -n 1 | cut -d'"' -f2)"
[ -n "$css" ] || fail "the login page links no hashed stylesheet"
get --fail -o /dev/null -D "$headers" "$BASE$css"
grep -qi '^content-type: text/css' "$headers" || fail "$css is not served as CSS"
grep -qi '^cache-control: max-age=315360000, public, immutable' "$headers" \
  || fail "$css is not cached for a year"
echo "web: the login page's stylesheet $css is served by WhiteNoise, cached for a year"

within 90 logged "worker@.* ready\."
within 90 logged "pdf@.* ready\."
within 90 logged "beat: Starting"
echo "worker, pdf and beat are running"
# The charts are drawn in Python: no process of the stack starts a browser (checked again
# after the PDF below).
chromiums() {
  local pid
  for pid in $(leftovers); do tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null; echo; done \
    | grep -ci "chrom" || true
}
[ "$(chromiums)" -eq 0 ] || fail "$(chromiums) Chromium processes in the stack"

stop_redis
redis_down='{"database": "ok", "redis": "fail", "worker": "fail", "pdf": "fail", "disk": "ok"}'
within 30 healthz_is 503 "$redis_down"
echo "Redis stopped: /healthz answers 503 ($(cat "$WORK/healthz.json"))"
start_redis
within 120 healthz_is 200 "$all_ok"
echo "Redis started again: /healthz answers 200 (the workers reconnected and said so)"

# A scheduled task sent by beat and run by a worker (its entry set to every 5 s above).
within 60 grep -Eq 'reports_requeue_stuck\[[^]]*\] succeeded' "$LOG"
echo "beat: reports_requeue_stuck sent by beat and run by a worker"

# A PDF roadmap asked for over HTTP, rendered by the pdf queue, downloaded.
manage() {
  env M40_SERVE_CHECK="$MARK" DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" \
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" SECRET_KEY="$secret" ALLOWED_HOSTS=127.0.0.1 \
    DATA_DIR="$WORK/data" $PY manage.py "$@"
}
manage load_framework diagnostics/frameworks/default.yaml >/dev/null
manage load_demo >/dev/null
code="$(manage shell --verbosity=0 -c "from assessments.models import Assessment; print(Assessment.objects.filter(status='validated', company__consultants__username='consultant1').order_by('id').first().code)")"
$PY .ci/serve_pdf.py "$BASE" consultant1 demo-maturite-2026 "$code"
[ "$(chromiums)" -eq 0 ] || fail "$(chromiums) Chromium processes after a PDF roadmap"
echo "pdf: rendered without a browser (no Chromium in the stack)"

grep -q '"request_id"' "$LOG" || fail "the web process wrote no JSON log line with a request id"
echo "logs: JSON lines with a request id"

kill -TERM "$serve_pid"
deadline=$((SECONDS + 30))
while [ -n "$(leftovers)" ]; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    ps -o pid,ppid,cmd -p "$(leftovers | paste -sd,)" >&2 || true
    fail "processes still running 30 s after stopping the stack"
  fi
  sleep 1
done
wait "$serve_pid" 2>/dev/null || true
serve_pid=""
echo "stopped: no process left"
