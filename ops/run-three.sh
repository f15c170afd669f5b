#!/usr/bin/env bash
# Three OrderSync instances behind nginx on this machine, on one external PostgreSQL database and one Redis.
#
#   ops/run-three.sh start            build if needed, create the database, start instances 1..3 and nginx
#   ops/run-three.sh stop             nginx, then each instance drained (SIGTERM); the database is kept
#   ops/run-three.sh status           pids, ports and readiness
#   ops/run-three.sh kill9 N          SIGKILL instance N (a crash)
#   ops/run-three.sh restart N        SIGTERM instance N, wait for its drain and exit, start it, wait until ready
#   ops/run-three.sh start-one N      start instance N alone (after kill9)
#   ops/run-three.sh drop             stop, then drop the database and the work directory
#
# Settings (environment): OPS_WORK (/tmp/ordersync-three: pids, logs, nginx prefix, the master key),
# OPS_BASE_PORT (18080: nginx; instance N on BASE+2N-1, its management port BASE+2N), OPS_DB (ordersync_three),
# OPS_PG_HOST/OPS_PG_PORT/OPS_PG_USER (127.0.0.1/5432/postgres), OPS_REDIS_URL (redis://127.0.0.1:6379),
# OPS_JAVA_OPTS (-Xmx384m), OPS_DRAIN_DELAY (PT2S), OPS_DRAIN_TIMEOUT (PT30S), SKIP_BUILD=1, and any ORDERSYNC_*
# variable set in the caller's environment is passed to every instance.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME_OVERRIDE:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
NGINX="${OPS_NGINX:-/usr/sbin/nginx}"
WORK="${OPS_WORK:-/tmp/ordersync-three}"
BASE_PORT="${OPS_BASE_PORT:-18080}"
DB="${OPS_DB:-ordersync_three}"
PG_HOST="${OPS_PG_HOST:-127.0.0.1}"
PG_PORT="${OPS_PG_PORT:-5432}"
PG_USER="${OPS_PG_USER:-postgres}"
REDIS_URL="${OPS_REDIS_URL:-redis://127.0.0.1:6379}"
INSTANCES=(1 2 3)

port_of() { echo $((BASE_PORT + 2 * $1 - 1)); }
management_of() { echo $((BASE_PORT + 2 * $1)); }
pid_of() { cat "$WORK/instance-$1.pid" 2>/dev/null || true; }
alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }
psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -qAt "$@"; }

build() {
  local jar="$ROOT/ordersync-server/target/ordersync-server.jar"
  if [[ ! -f "$jar" && "${SKIP_BUILD:-}" != "1" ]]; then
    echo "== build: mvn -B -o -q -DskipTests -pl ordersync-server -am package"
    (cd "$ROOT" && mvn -B -o -q -DskipTests -Dspotbugs.skip -pl ordersync-server -am package) >"$WORK/build.log" 2>&1 \
      || { tail -30 "$WORK/build.log" >&2; echo "the build failed" >&2; exit 1; }
  fi
  [[ -f "$jar" ]] || { echo "missing $jar: build first" >&2; exit 1; }
  # The instances run from a copy, so a rebuild while they run cannot change the classes under them.
  if [[ ! -f "$WORK/server/ordersync-server.jar" ]]; then
    mkdir -p "$WORK/server"
    cp -r "$ROOT/ordersync-server/target/ordersync-server.jar" "$ROOT/ordersync-server/target/libs" "$WORK/server/"
  fi
}

database() {
  if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]]; then
    psql_admin -c "CREATE DATABASE $DB"
    echo "created database $DB"
  fi
  # One master key for the deployment (decision 0040): every instance gets the same one, so all of them open
  # the keys the database holds. Kept beside the database's lifetime; `drop` removes both.
  if [[ ! -f "$WORK/master.key" ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$WORK/master.key")
  fi
}

start_one() {
  local n="$1" port mport pid
  port="$(port_of "$n")"
  mport="$(management_of "$n")"
  pid="$(pid_of "$n")"
  if alive "$pid"; then
    echo "instance $n already runs (pid $pid)"
    return 0
  fi
  mkdir -p "$WORK/data-$n"
  env ORDERSYNC_HOST=127.0.0.1 ORDERSYNC_PORT="$port" \
    ORDERSYNC_MANAGEMENT_HOST=127.0.0.1 ORDERSYNC_MANAGEMENT_PORT="$mport" \
    ORDERSYNC_DATA_DIR="$WORK/data-$n" \
    ORDERSYNC_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" ORDERSYNC_DB_USER="$PG_USER" \
    ORDERSYNC_DB_POOL_SIZE="${OPS_DB_POOL_SIZE:-8}" \
    ORDERSYNC_REDIS_URL="$REDIS_URL" ORDERSYNC_REDIS_KEY_PREFIX="ordersync-three-$DB:" \
    ORDERSYNC_MASTER_KEY_FILE="$WORK/master.key" \
    ORDERSYNC_TRUST_FORWARDED_FOR=true \
    ORDERSYNC_PUBLIC_URL="http://127.0.0.1:$BASE_PORT" \
    ORDERSYNC_DRAIN_DELAY="${OPS_DRAIN_DELAY:-PT2S}" ORDERSYNC_DRAIN_TIMEOUT="${OPS_DRAIN_TIMEOUT:-PT30S}" \
    "$JAVA" ${OPS_JAVA_OPTS:--Xmx384m} -jar "$WORK/server/ordersync-server.jar" >>"$WORK/instance-$n.log" 2>&1 &
  echo $! >"$WORK/instance-$n.pid"
}

wait_ready() {
  local n="$1" pid i
  pid="$(pid_of "$n")"
  for i in $(seq 1 240); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$(port_of "$n")/observe/health/ready" 2>/dev/null; then
      echo "instance $n ready on :$(port_of "$n") (management :$(management_of "$n"), pid $pid)"
      return 0
    fi
    alive "$pid" || { echo "instance $n exited; see $WORK/instance-$n.log" >&2; tail -5 "$WORK/instance-$n.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "instance $n not ready in 120 s" >&2
  exit 1
}

# Drains instance N (SIGTERM) and waits for it to exit; its exit status is printed (0: drained in time).
stop_one() {
  local n="$1" pid t0 rc
  pid="$(pid_of "$n")"
  if ! alive "$pid"; then
    rm -f "$WORK/instance-$n.pid"
    return 0
  fi
  t0="$(date +%s%N)"
  kill -TERM "$pid"
  # The instance is not our child when stop runs from another shell: poll rather than wait.
  while alive "$pid"; do sleep 0.1; done
  rc="$(tail -c 2000 "$WORK/instance-$n.log" | grep -c 'stopped after' || true)"
  echo "instance $n stopped in $(( ($(date +%s%N) - t0) / 1000000 )) ms$([[ "$rc" -gt 0 ]] && echo ' (drained)')"
  rm -f "$WORK/instance-$n.pid"
}

nginx_conf() {
  mkdir -p "$WORK/nginx/conf" "$WORK/nginx/logs" "$WORK/nginx/tmp"
  sed -e "s#@PREFIX@#$WORK/nginx#g" "$ROOT/ops/nginx/run-three.conf" >"$WORK/nginx/conf/nginx.conf"
  # The compose ports and listener replaced by this machine's.
  sed -e "s#127\.0\.0\.1:8081#127.0.0.1:$(port_of 1)#" -e "s#127\.0\.0\.1:8082#127.0.0.1:$(port_of 2)#" \
    -e "s#127\.0\.0\.1:8083#127.0.0.1:$(port_of 3)#" -e "s#listen 80;#listen 127.0.0.1:$BASE_PORT;#" \
    "$ROOT/ops/nginx/ordersync.conf" >"$WORK/nginx/conf/ordersync.conf"
}

start_nginx() {
  nginx_conf
  if [[ -f "$WORK/nginx/nginx.pid" ]] && alive "$(cat "$WORK/nginx/nginx.pid")"; then
    "$NGINX" -p "$WORK/nginx" -c conf/nginx.conf -s reload
  else
    "$NGINX" -p "$WORK/nginx" -c conf/nginx.conf -t -q
    "$NGINX" -p "$WORK/nginx" -c conf/nginx.conf
  fi
  echo "nginx on http://127.0.0.1:$BASE_PORT (prefix $WORK/nginx)"
}

stop_nginx() {
  if [[ -f "$WORK/nginx/nginx.pid" ]] && alive "$(cat "$WORK/nginx/nginx.pid")"; then
    local pid
    pid="$(cat "$WORK/nginx/nginx.pid")"
    "$NGINX" -p "$WORK/nginx" -c conf/nginx.conf -s quit
    while alive "$pid"; do sleep 0.1; done
    echo "nginx stopped"
  fi
}

status() {
  local n pid ready
  for n in "${INSTANCES[@]}"; do
    pid="$(pid_of "$n")"
    ready="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(port_of "$n")/observe/health/ready" || true)"
    echo "instance $n: pid ${pid:-none}$(alive "$pid" || echo ' (not running)'), :$(port_of "$n"), management :$(management_of "$n"), ready $ready"
  done
  if [[ -f "$WORK/nginx/nginx.pid" ]] && alive "$(cat "$WORK/nginx/nginx.pid")"; then
    echo "nginx: pid $(cat "$WORK/nginx/nginx.pid"), http://127.0.0.1:$BASE_PORT"
  else
    echo "nginx: not running"
  fi
}

mkdir -p "$WORK"
case "${1:-}" in
  start)
    build
    database
    for n in "${INSTANCES[@]}"; do start_one "$n"; sleep 1; done
    for n in "${INSTANCES[@]}"; do wait_ready "$n"; done
    start_nginx
    ;;
  stop)
    stop_nginx
    for n in "${INSTANCES[@]}"; do stop_one "$n"; done
    ;;
  status) status ;;
  kill9)
    pid="$(pid_of "${2:?instance number}")"
    alive "$pid" && kill -KILL "$pid" && echo "instance $2 killed (SIGKILL, pid $pid)"
    while alive "$pid"; do sleep 0.05; done
    rm -f "$WORK/instance-$2.pid"
    ;;
  start-one)
    build
    start_one "${2:?instance number}"
    wait_ready "$2"
    ;;
  restart)
    stop_one "${2:?instance number}"
    start_one "$2"
    wait_ready "$2"
    ;;
  drop)
    stop_nginx
    for n in "${INSTANCES[@]}"; do stop_one "$n"; done
    psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
    rm -rf "$WORK"
    echo "dropped database $DB and $WORK"
    ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
