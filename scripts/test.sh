#!/usr/bin/env bash
# Installs everything (Chromium included) and runs the whole test suite.
# Extra arguments go to pytest, e.g. scripts/test.sh tests/assessments -x
set -euo pipefail
BOOTSTRAP_BROWSER=1 source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
exec python -m pytest "$@"
