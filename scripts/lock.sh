#!/usr/bin/env bash
# Updates requirements.lock, the exact versions that the set-up installs, from the ranges in
# pyproject.toml: for every Python from 3.12 on, on every platform (uv's universal mode).
# Keeps the versions already locked unless asked:
#   bash scripts/lock.sh                           # after a change to pyproject.toml
#   bash scripts/lock.sh --upgrade-package django  # one package to its newest allowed version
#   bash scripts/lock.sh --upgrade                 # everything to the newest allowed versions
# Then run the tests and commit pyproject.toml and requirements.lock together.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
# --python: an interpreter we have; uv must never download one.
exec uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 \
  --python "$VENV/bin/python" --custom-compile-command "bash scripts/lock.sh" \
  -o requirements.lock "$@"
