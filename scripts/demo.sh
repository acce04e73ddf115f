#!/usr/bin/env bash
# Installs everything, loads the default framework and the demo cohort, serves on 127.0.0.1:8000
# (ADDRESS=127.0.0.1:8010 for another port).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
python manage.py migrate --no-input -v 0
python manage.py load_framework diagnostics/frameworks/default.yaml
python manage.py load_demo
python manage.py load_logframe --demo
python manage.py compute_indicators --period TOTAL --save >/dev/null
echo
ADDRESS="${ADDRESS:-127.0.0.1:8000}"
echo "Open http://$ADDRESS/ and log in with one of the accounts above (Ctrl-C stops the server)."
exec python manage.py runserver "$ADDRESS"
