#!/usr/bin/env bash
# Shared set-up, sourced by scripts/demo.sh and scripts/test.sh:
# Debian packages, a Python >= 3.12 virtual environment in .venv, the project installed in it.
# BOOTSTRAP_BROWSER=1 also installs what the browser and PDF tests need (Chromium, poppler).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

is_312() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local candidate version
  for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && is_312 "$candidate"; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv installs interpreters without putting them on PATH.
  if command -v pyenv >/dev/null 2>&1; then
    for version in $(pyenv versions --bare 2>/dev/null | sort -rV); do
      candidate="$(pyenv root)/versions/$version/bin/python3"
      if [ -x "$candidate" ] && is_312 "$candidate"; then echo "$candidate"; return 0; fi
    done
  fi
  for candidate in /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] /opt/*/bin/python3.1[2-9]; do
    if [ -x "$candidate" ] && is_312 "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

apt_install() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "Please install these system packages: ${missing[*]}"; return 1
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "Installing system packages: ${missing[*]}"
  # Another install under way (unattended upgrades, a second terminal) holds the package
  # lock: wait for it, up to 5 minutes, rather than fail at once.
  if command -v fuser >/dev/null 2>&1 \
    && $sudo fuser /var/lib/dpkg/lock-frontend /var/lib/apt/lists/lock >/dev/null 2>&1; then
    say "Another package install is running: waiting for it to finish (up to 5 minutes)"
  fi
  $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# pip's output, one line per package kept in .venv/pip.log, shown as a counter on a terminal
# and as a line every 20 packages otherwise (CI); the log's end is shown if pip fails.
pip_install() {
  local total="$1" log="$VENV/pip.log" count=0 status=0 line
  shift
  : >"$log"
  set +e
  "$VENV/bin/python" -m pip install --progress-bar off "$@" 2>&1 | {
    while IFS= read -r line; do
      printf '%s\n' "$line" >>"$log"
      case "$line" in
        Collecting*|Processing*|Ignoring*|Requirement\ already\ satisfied*) count=$((count + 1)) ;;
        Installing\ collected*) printf '\n    installing them…\n' >&2; continue ;;
        *) continue ;;
      esac
      if [ -t 2 ]; then
        printf '\r    %d/%d packages' "$count" "$total" >&2
      elif [ $((count % 20)) -eq 0 ]; then
        printf '    %d/%d packages\n' "$count" "$total" >&2
      fi
    done
    if [ -t 2 ]; then printf '\n' >&2; fi
  }
  status="${PIPESTATUS[0]}"
  set -e
  if [ "$status" -ne 0 ]; then
    say "pip failed (exit $status); the end of $log:"
    tail -n 25 "$log" >&2
    return "$status"
  fi
}

if command -v dpkg-query >/dev/null 2>&1; then
  # fonts-noto-core: Noto Sans Arabic, for the Arabic PDF report (DejaVu shapes Arabic too,
  # but reads poorly at report sizes).
  apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    fonts-noto-core gettext
  if [ "${BOOTSTRAP_BROWSER:-0}" = "1" ]; then
    apt_install chromium poppler-utils
  fi
  # Backups on PostgreSQL run pg_dump, pg_restore and psql (manage.py backup, restore).
  case "${DATABASE_URL:-}" in
    postgres*) apt_install postgresql-client ;;
  esac
fi

if [ ! -x "$VENV/bin/python" ] || ! is_312 "$VENV/bin/python"; then
  PY="$(find_python)" || { say "Python 3.12 or newer is needed (Django 6). Install it, or set PYTHON=/path/to/python3.12."; exit 1; }
  say "Creating .venv with $PY ($("$PY" --version))"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi

# requirements.lock: the exact versions tested (bash scripts/lock.sh updates it).
STAMP="$VENV/.installed-$(cat "$ROOT/pyproject.toml" "$ROOT/requirements.lock" | sha256sum | cut -c1-16)"
if [ ! -f "$STAMP" ]; then
  packages="$(grep -c '^[A-Za-z0-9]' "$ROOT/requirements.lock")"
  say "Installing $packages Python packages from requirements.lock (2 to 5 minutes the first time)"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  pip_install "$packages" -r "$ROOT/requirements.lock"
  "$VENV/bin/python" -m pip install -q --no-deps -e "$ROOT"
  rm -f "$VENV"/.installed-*
  touch "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
cd "$ROOT"
