#!/usr/bin/env bash
# Run the portal as it runs in production, on this machine:
#
#   scripts/run-production.sh            # migrate, collect static files, serve
#   SEED_DEMO=1 scripts/run-production.sh  # also seed the Cao Bằng demo (make prod)
#
# The production settings (cms.settings.production) against the services of
# scripts/services.sh (PostgreSQL, Elasticsearch, Redis; started here unless
# START_SERVICES=0), gunicorn with scripts/gunicorn.conf.py, and one task worker
# (manage.py db_worker) per database task queue. Ctrl-C stops gunicorn and the
# workers; the services keep running (scripts/services.sh stop).
#
# Variables: HOST, PORT (127.0.0.1:8000), SECRET_KEY (a throw-away one is
# generated into var/ when unset), ALLOWED_HOSTS (.localhost), plus everything
# in .env.example. HTTPS is assumed in production; locally the plain-HTTP
# redirect and HSTS are turned off unless SECURE_SSL_REDIRECT is set.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
VAR_DIR="${VAR_DIR:-$ROOT/var}"
mkdir -p "$VAR_DIR"

log() { printf '[production] %s\n' "$*" >&2; }

if [ "${START_SERVICES:-1}" = 1 ]; then
  scripts/services.sh start postgres
  scripts/services.sh start elasticsearch
  scripts/services.sh start redis
fi
# The services' addresses, for the variables the caller did not set. Not clamd's:
# the one of services.sh knows only the test signature (production runs Debian's
# clamav-daemon with freshclam; set CLAMD_URL for it).
while read -r line; do
  assignment="${line#export }"
  name="${assignment%%=*}"
  [ "$name" = CLAMD_URL ] && continue
  [ -n "${!name:-}" ] || export "${assignment?}"
done < <(scripts/services.sh env)

if [ -z "${SECRET_KEY:-}" ]; then
  key_file="$VAR_DIR/production-secret-key"
  [ -s "$key_file" ] || "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$key_file"
  chmod 600 "$key_file"
  SECRET_KEY="$(cat "$key_file")"
fi

export DJANGO_SETTINGS_MODULE=cms.settings.production
export SECRET_KEY VAR_DIR
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-.localhost,localhost,127.0.0.1}"
export SITES_DEFAULT_HOSTS="${SITES_DEFAULT_HOSTS:-localhost,127.0.0.1}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://caobang.localhost:$PORT}"
export GUNICORN_BIND="${GUNICORN_BIND:-$HOST:$PORT}"

log "migrate"
"$PYTHON" manage.py migrate --noinput
if [ "${SEED_DEMO:-0}" = 1 ]; then
  log "seed the demo (changes nothing that exists)"
  "$PYTHON" manage.py seed_demo
  if ! "$PYTHON" manage.py shell --no-imports -c 'from search.connection import is_available; import sys; sys.exit(0 if is_available() else 1)' 2>/dev/null; then
    log "Elasticsearch does not answer: the search uses the database meanwhile"
  else
    "$PYTHON" manage.py reconcile_search_index || log "reconcile_search_index failed (see above)"
  fi
fi
log "collectstatic (compressed and fingerprinted)"
"$PYTHON" manage.py collectstatic --noinput -v 0
log "purge the page cache (new code, new templates)"
"$PYTHON" manage.py shell --no-imports -c 'from cms.core.cache import purge_all; purge_all()'
"$PYTHON" manage.py check --deploy --fail-level ERROR >/dev/null

pids=()
stop() {
  trap - INT TERM EXIT
  log "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop INT TERM EXIT

# One worker per task queue in the database (the default queue: search sync,
# virus scans, Wagtail's tasks; the dossiers' notifications).
backends="$("$PYTHON" manage.py shell --no-imports -c 'from cms.health import database_task_backends; print(" ".join(database_task_backends()))')"
for backend in $backends; do
  log "task worker: $backend"
  "$PYTHON" manage.py db_worker --backend "$backend" --queue-name '*' &
  pids+=("$!")
done

log "gunicorn on http://$GUNICORN_BIND/ ($(nproc) CPUs); portal: http://caobang.localhost:$PORT/"
"$PYTHON" -m gunicorn -c scripts/gunicorn.conf.py cms.wsgi:application &
pids+=("$!")
wait -n "${pids[@]}"
