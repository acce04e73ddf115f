#!/usr/bin/env bash
# The production stack in one command, as the Procfile lists it: the web server (gunicorn),
# the Celery workers (the default queue, and the `pdf` queue for the PDF reports) and
# Celery beat, run by honcho. Migrates the database and collects the static files first.
# Needs DATABASE_URL and REDIS_URL, and the other production settings (SECRET_KEY,
# ALLOWED_HOSTS… see .env.example), from the environment or a .env file. PORT: 8000.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"  # no browser: the charts are drawn in Python
for name in DATABASE_URL REDIS_URL; do
  if [ -z "${!name:-}" ] && ! grep -qs "^$name=." .env; then
    say "Set $name in the environment or in .env (see .env.example)."
    exit 1
  fi
done
export DEBUG="${DEBUG:-false}"
python manage.py migrate --no-input
python manage.py collectstatic --no-input -v 0
exec honcho start -f Procfile -p "${PORT:-8000}"
