#!/usr/bin/env bash
# Start, stop or inspect the throw-away PostgreSQL, Elasticsearch, ClamAV (clamd) and
# Redis servers used by CI and by developers who want the production-like stack locally.
#
#   scripts/services.sh start|stop|status|env [postgres|elasticsearch|clamd|redis]
#
# The servers refuse to run as root (clamd drops to its user), so when this script
# runs as root each one runs under its own unprivileged system user. Everything lives under var/services/ and is
# bound to 127.0.0.1 only. `env` prints the variables the test suite reads.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_DIR="${SERVICES_DIR:-$ROOT/var/services}"

PG_PORT="${PG_PORT:-54329}"
PG_DB="${PG_DB:-cms}"
PG_DATA="$SERVICES_DIR/postgres/data"
PG_SOCKET_DIR="$SERVICES_DIR/postgres/run"
PG_LOG="$SERVICES_DIR/postgres/server.log"

ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-59200}"
ES_HEAP="${ES_HEAP:-512m}"
ES_CACHE="$SERVICES_DIR/cache"
ES_HOME="$SERVICES_DIR/elasticsearch-$ES_VERSION"
ES_DATA="$SERVICES_DIR/elasticsearch/data"
ES_LOGS="$SERVICES_DIR/elasticsearch/logs"
ES_PIDFILE="$SERVICES_DIR/elasticsearch/es.pid"

CLAMD_PORT="${CLAMD_PORT:-53310}"
CLAMD_DIR="$SERVICES_DIR/clamd"
CLAMD_DB="$CLAMD_DIR/db"
CLAMD_CONF="$CLAMD_DIR/clamd.conf"
CLAMD_PIDFILE="$CLAMD_DIR/clamd.pid"
CLAMD_LOG="$CLAMD_DIR/clamd.log"

REDIS_PORT="${REDIS_PORT:-56379}"
REDIS_DIR="$SERVICES_DIR/redis"
REDIS_CONF="$REDIS_DIR/redis.conf"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"
REDIS_MAXMEMORY="${REDIS_MAXMEMORY:-256mb}"

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the given service user when we are root, as ourselves otherwise.
as_user() {
  local user="$1"; shift
  if is_root; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

ensure_user() {
  local user="$1"
  is_root || return 0
  id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
}

# The service users must be able to reach their folders: every folder from
# SERVICES_DIR up to / gets o+x (search only, no listing), including var/ itself,
# which `make demo` may have created with mode 750 before the first start.
open_path_for_traversal() {
  mkdir -p "$SERVICES_DIR"
  local dir
  dir="$(cd "$SERVICES_DIR" && pwd)"
  while [ "$dir" != "/" ]; do
    chmod o+x "$dir" 2>/dev/null || true
    dir="$(dirname "$dir")"
  done
}

# ---------------------------------------------------------------- PostgreSQL
pg_bin() {
  local candidate
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$candidate/pg_ctl" ] && { echo "$candidate"; return; }
  done
  die "PostgreSQL server binaries not found: apt-get install postgresql"
}

pg_user() { is_root && echo postgres || id -un; }

pg_running() {
  [ -f "$PG_DATA/postmaster.pid" ] && as_user "$(pg_user)" "$(pg_bin)/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

pg_start() {
  local bin user
  bin="$(pg_bin)"; user="$(pg_user)"
  ensure_user postgres
  open_path_for_traversal
  mkdir -p "$PG_DATA" "$PG_SOCKET_DIR"
  is_root && chown -R "$user" "$SERVICES_DIR/postgres"
  chmod 700 "$PG_DATA"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "postgres: initialising a throw-away cluster in $PG_DATA"
    as_user "$user" "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if pg_running; then
    log "postgres: already running on 127.0.0.1:$PG_PORT"
  else
    log "postgres: starting on 127.0.0.1:$PG_PORT"
    as_user "$user" "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCKET_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
  fi
  if ! as_user "$user" "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" postgres | grep -q 1; then
    as_user "$user" "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
  fi
  log "postgres: ready"
}

pg_stop() {
  if pg_running; then
    as_user "$(pg_user)" "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
    log "postgres: stopped"
  else
    log "postgres: not running"
  fi
}

pg_status() {
  if pg_running; then echo "postgres: running on 127.0.0.1:$PG_PORT"; else echo "postgres: stopped"; fi
}

# ------------------------------------------------------------- Elasticsearch
es_user() { is_root && echo elasticsearch || id -un; }

es_url() { echo "http://127.0.0.1:$ES_PORT"; }

es_answers() { curl -fsS -m 2 "$(es_url)/_cluster/health" >/dev/null 2>&1; }

es_install() {
  [ -x "$ES_HOME/bin/elasticsearch" ] && return 0
  local zip="$ES_CACHE/elasticsearch-$ES_VERSION.zip"
  mkdir -p "$ES_CACHE"
  if [ ! -f "$zip" ]; then
    log "elasticsearch: fetching $ES_VERSION from Maven Central (once; cached in $ES_CACHE)"
    command -v mvn >/dev/null || die "mvn not found: apt-get install maven"
    mvn -q -B dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$ES_CACHE" -Dmdep.overWriteIfNewer=false >&2
  fi
  log "elasticsearch: unpacking into $ES_HOME"
  local tmp; tmp="$(mktemp -d "$SERVICES_DIR/unpack.XXXXXX")"
  unzip -q "$zip" -d "$tmp"
  mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
  rmdir "$tmp"
}

es_start() {
  if es_answers; then log "elasticsearch: already answering at $(es_url)"; return 0; fi
  command -v java >/dev/null || die "java not found: apt-get install openjdk-17-jre-headless"
  es_install
  ensure_user elasticsearch
  open_path_for_traversal
  mkdir -p "$ES_DATA" "$ES_LOGS"
  local user; user="$(es_user)"
  is_root && chown -R "$user" "$ES_HOME" "$SERVICES_DIR/elasticsearch"
  log "elasticsearch: starting $ES_VERSION on $(es_url) (heap $ES_HEAP)"
  local java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
  as_user "$user" env ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" \
    -E discovery.type=single-node -E network.host=127.0.0.1 -E http.port="$ES_PORT" \
    -E transport.port=59300 -E path.data="$ES_DATA" -E path.logs="$ES_LOGS" \
    -E xpack.security.enabled=false -E action.destructive_requires_name=false \
    -E cluster.routing.allocation.disk.threshold_enabled=false \
    >"$ES_LOGS/stdout.log" 2>&1 || { tail -n 40 "$ES_LOGS/stdout.log" >&2; die "elasticsearch failed to start"; }
  local waited=0
  until es_answers; do
    sleep 1; waited=$((waited + 1))
    if [ "$waited" -ge 120 ]; then
      tail -n 40 "$ES_LOGS"/*.log >&2 || true
      die "elasticsearch did not answer within 120 s"
    fi
  done
  curl -fsS -m 60 "$(es_url)/_cluster/health?wait_for_status=yellow&timeout=60s" >/dev/null
  log "elasticsearch: ready after ${waited}s"
}

es_stop() {
  if [ -f "$ES_PIDFILE" ] && kill -0 "$(cat "$ES_PIDFILE")" 2>/dev/null; then
    kill "$(cat "$ES_PIDFILE")"
    local waited=0
    while kill -0 "$(cat "$ES_PIDFILE" 2>/dev/null)" 2>/dev/null && [ "$waited" -lt 30 ]; do
      sleep 1; waited=$((waited + 1))
    done
    log "elasticsearch: stopped"
  else
    log "elasticsearch: not running"
  fi
}

es_status() {
  if es_answers; then echo "elasticsearch: answering at $(es_url)"; else echo "elasticsearch: stopped"; fi
}

# ------------------------------------------------------------- ClamAV (clamd)
# Debian's clamav-daemon, started by hand with its own config and a database
# directory under var/. Signatures cannot be downloaded here (no freshclam), so
# the database is one tiny file this script writes: the EICAR test signature,
# which is all the test suite needs for a real scan by the real daemon.
clamd_user() { is_root && echo clamav || id -un; }

clamd_url() { echo "tcp://127.0.0.1:$CLAMD_PORT"; }

clamd_answers() {
  local reply
  reply="$( { exec 3<>"/dev/tcp/127.0.0.1/$CLAMD_PORT" && printf 'zPING\0' >&3 &&
    timeout 2 head -c 4 <&3; } 2>/dev/null)" || return 1
  [ "$reply" = "PONG" ]
}

clamd_write_db() {
  mkdir -p "$CLAMD_DB"
  # EICAR test string as hex, matched anywhere in any file type (an .ndb body
  # signature); written as hex so that no scanner flags this script itself.
  local eicar_hex="58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e44415244"
  eicar_hex+="2d414e544956495255532d544553542d46494c452124482b482a"
  printf 'Portal.Test.EICAR-1:0:*:%s\n' "$eicar_hex" >"$CLAMD_DB/portal-test.ndb"
}

clamd_start() {
  if clamd_answers; then log "clamd: already answering at $(clamd_url)"; return 0; fi
  [ -x /usr/sbin/clamd ] || die "clamd not found: apt-get install clamav-daemon"
  open_path_for_traversal
  mkdir -p "$CLAMD_DIR"
  clamd_write_db
  local user; user="$(clamd_user)"
  cat >"$CLAMD_CONF" <<CONF
# Written by scripts/services.sh: a throw-away clamd for tests, loopback only.
TCPSocket $CLAMD_PORT
TCPAddr 127.0.0.1
DatabaseDirectory $CLAMD_DB
PidFile $CLAMD_PIDFILE
LogFile $CLAMD_LOG
LogTime yes
Foreground no
StreamMaxLength 32M
MaxThreads 4
SelfCheck 0
CONF
  # As root, clamd drops to its own user (Debian's clamav) after binding.
  if is_root; then
    echo "User $user" >>"$CLAMD_CONF"
    chown -R "$user" "$CLAMD_DIR"
  fi
  log "clamd: starting on $(clamd_url) with the EICAR test signature only"
  /usr/sbin/clamd -c "$CLAMD_CONF" >>"$CLAMD_DIR/stdout.log" 2>&1 ||
    { tail -n 20 "$CLAMD_LOG" "$CLAMD_DIR/stdout.log" >&2 2>/dev/null; die "clamd failed to start"; }
  local waited=0
  until clamd_answers; do
    sleep 1; waited=$((waited + 1))
    if [ "$waited" -ge 60 ]; then
      tail -n 20 "$CLAMD_LOG" >&2 || true
      die "clamd did not answer within 60 s"
    fi
  done
  log "clamd: ready after ${waited}s"
}

clamd_stop() {
  if [ -f "$CLAMD_PIDFILE" ] && kill -0 "$(cat "$CLAMD_PIDFILE")" 2>/dev/null; then
    kill "$(cat "$CLAMD_PIDFILE")"
    local waited=0
    while kill -0 "$(cat "$CLAMD_PIDFILE" 2>/dev/null)" 2>/dev/null && [ "$waited" -lt 30 ]; do
      sleep 1; waited=$((waited + 1))
    done
    log "clamd: stopped"
  else
    log "clamd: not running"
  fi
}

clamd_status() {
  if clamd_answers; then echo "clamd: answering at $(clamd_url)"; else echo "clamd: stopped"; fi
}

# --------------------------------------------------------------------- Redis
# Debian's redis-server as the shared cache (page cache, rate limits, visitor
# counter, synonyms): loopback only, nothing written to disk, least recently
# used keys evicted past REDIS_MAXMEMORY, as a cache should.
redis_user() { is_root && echo redis || id -un; }

redis_url() { echo "redis://127.0.0.1:$REDIS_PORT/0"; }

redis_answers() {
  local reply
  reply="$( { exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" && printf 'PING\r\n' >&3 &&
    timeout 2 head -c 7 <&3; } 2>/dev/null)" || return 1
  [ "${reply%$'\r'}" = "+PONG" ]
}

redis_start() {
  if redis_answers; then log "redis: already answering at $(redis_url)"; return 0; fi
  [ -x /usr/bin/redis-server ] || die "redis-server not found: apt-get install redis-server"
  ensure_user redis
  open_path_for_traversal
  mkdir -p "$REDIS_DIR"
  local user; user="$(redis_user)"
  cat >"$REDIS_CONF" <<CONF
# Written by scripts/services.sh: a throw-away Redis cache, loopback only.
bind 127.0.0.1
port $REDIS_PORT
protected-mode yes
daemonize yes
pidfile $REDIS_PIDFILE
logfile $REDIS_LOG
dir $REDIS_DIR
save ""
appendonly no
maxmemory $REDIS_MAXMEMORY
maxmemory-policy allkeys-lru
CONF
  is_root && chown -R "$user" "$REDIS_DIR"
  log "redis: starting on $(redis_url) (maxmemory $REDIS_MAXMEMORY)"
  as_user "$user" /usr/bin/redis-server "$REDIS_CONF" ||
    { tail -n 20 "$REDIS_LOG" >&2 2>/dev/null; die "redis failed to start"; }
  local waited=0
  until redis_answers; do
    sleep 1; waited=$((waited + 1))
    if [ "$waited" -ge 30 ]; then
      tail -n 20 "$REDIS_LOG" >&2 || true
      die "redis did not answer within 30 s"
    fi
  done
  log "redis: ready after ${waited}s"
}

redis_stop() {
  if [ -f "$REDIS_PIDFILE" ] && kill -0 "$(cat "$REDIS_PIDFILE")" 2>/dev/null; then
    kill "$(cat "$REDIS_PIDFILE")"
    local waited=0
    while kill -0 "$(cat "$REDIS_PIDFILE" 2>/dev/null)" 2>/dev/null && [ "$waited" -lt 30 ]; do
      sleep 1; waited=$((waited + 1))
    done
    log "redis: stopped"
  else
    log "redis: not running"
  fi
}

redis_status() {
  if redis_answers; then echo "redis: answering at $(redis_url)"; else echo "redis: stopped"; fi
}

print_env() {
  echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB"
  echo "export ELASTICSEARCH_URL=$(es_url)"
  echo "export CLAMD_URL=$(clamd_url)"
  echo "export REDIS_URL=$(redis_url)"
}

action="${1:-status}"
which="${2:-all}"
case "$which" in all|postgres|elasticsearch|clamd|redis) ;; *) die "unknown service: $which" ;; esac
run() {
  local verb="$1"
  [ "$which" = all ] || [ "$which" = postgres ] && "pg_$verb"
  [ "$which" = all ] || [ "$which" = elasticsearch ] && "es_$verb"
  [ "$which" = all ] || [ "$which" = clamd ] && "clamd_$verb"
  [ "$which" = all ] || [ "$which" = redis ] && "redis_$verb"
  return 0
}
case "$action" in
  start) run start ;;
  stop) run stop ;;
  status) run status ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|status|env [postgres|elasticsearch|clamd|redis]" >&2; exit 2 ;;
esac
