#!/usr/bin/env bash
# manage.py as the app's user, with the production environment: deploy/manage.sh migrate
set -euo pipefail
APP=${APP:-/srv/smartcity-awards/app}
cd "$APP"
exec runuser -u smartcity -- bash -c 'set -a; . /etc/smartcity-awards/env; set +a; exec .venv/bin/python manage.py "$@"' manage "$@"
