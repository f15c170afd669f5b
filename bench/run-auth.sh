#!/usr/bin/env bash
# The auth benchmark (docs/benchmarks.md): builds, measures one Argon2id hash in process, starts the server on a fresh
# embedded PostgreSQL on 127.0.0.1, registers the benchmark users through the API, runs the scenarios open loop one
# after another (me, refresh, login), prints the results and stops the server. About 4 to 5 minutes
# (WARMUP=30 s, 10 s for login; DURATION=30 s measured per scenario).
#
#   bench/run-auth.sh                          # everything, as in docs/benchmarks.md
#   bench/run-auth.sh --scenarios me --me-rate 300 --duration 60    # extra arguments go to the load generator
#   SKIP_BUILD=1 bench/run-auth.sh             # reuse what is already built
#   SERVER_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/me.jfr" bench/run-auth.sh   # extra server JVM options
#   RATE_LIMITS=on bench/run-auth.sh           # limits on as in production: the server trusts X-Forwarded-For and
#                                              # each virtual user sends an address of its own (10.x.y.z)
#
# Output (server log, GC logs, results) is kept in bench/target/runs/<time>/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WARMUP="${WARMUP:-30}"
DURATION="${DURATION:-30}"
RATE_LIMITS="${RATE_LIMITS:-off}"

RUN_DIR="$ROOT/bench/target/runs/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
bench_build "$RUN_DIR"
require_built ordersync-server/target/ordersync-server.jar bench/target/ordersync-bench.jar

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ordersync-bench.XXXXXX")"
PG_PID=""

cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "== stopping the server (pid $SERVER_PID)"
    stop_pid "$SERVER_PID" 60
  fi
  # The server stops its PostgreSQL on exit; if it could not, stop the postmaster of our data folder ourselves.
  if [[ -n "$PG_PID" ]] && kill -0 "$PG_PID" 2>/dev/null \
      && tr '\0' ' ' < "/proc/$PG_PID/cmdline" 2>/dev/null | grep -q -- "$WORK/"; then
    kill -INT "$PG_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$WORK"
  echo "== logs and results: $RUN_DIR"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Busy cores over a few seconds, from /proc/stat: a benchmark on a machine that is already busy measures the other load.
busy_cores() {
  local a b
  a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
  awk -v u1="${a[1]}" -v n1="${a[2]}" -v s1="${a[3]}" -v i1="${a[4]}" -v w1="${a[5]}" -v q1="${a[6]}" -v sq1="${a[7]}" -v st1="${a[8]}" \
      -v u2="${b[1]}" -v n2="${b[2]}" -v s2="${b[3]}" -v i2="${b[4]}" -v w2="${b[5]}" -v q2="${b[6]}" -v sq2="${b[7]}" -v st2="${b[8]}" \
      -v cores="$(nproc)" 'BEGIN {
        busy = (u2+n2+s2+q2+sq2+st2) - (u1+n1+s1+q1+sq1+st1); idle = (i2+w2) - (i1+w1);
        printf "%.2f", cores * busy / (busy + idle) }'
}

{
  echo "== machine"
  echo "cores: $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "java: $("$JAVA" -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "busy before the run: $(busy_cores) cores of $(nproc) (should be near 0)"
} | tee "$RUN_DIR/machine.txt"

echo "== Argon2id in process, at the server's parameters (before the server starts, so nothing else runs)"
"$JAVA" -jar bench/target/ordersync-bench.jar argon2 --threads 1 | tee "$RUN_DIR/argon2.txt"
"$JAVA" -jar bench/target/ordersync-bench.jar argon2 --threads 2 | tee -a "$RUN_DIR/argon2.txt"

mkdir -p "$WORK/data"
copy_server ordersync-server/target "$WORK/server"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"

# Rate limits off by default: all the load comes from 127.0.0.1, and one address is allowed 100 requests/s and
# 20 logins per 10 minutes. RATE_LIMITS=on keeps them and gives each virtual user an address of its own instead.
if [[ "$RATE_LIMITS" == "on" ]]; then
  LIMIT_ENV=(ORDERSYNC_TRUST_FORWARDED_FOR=true)
  BENCH_ARGS=(--forwarded-for true)
else
  LIMIT_ENV=(ORDERSYNC_RATE_LIMITS=off)
  BENCH_ARGS=()
fi
echo "== starting the server on $BASE (embedded PostgreSQL in a fresh $WORK/data, rate limits $RATE_LIMITS)"
start_server "$WORK/server" "$PORT" "$RUN_DIR/server.log" "$RUN_DIR/server-gc.log" \
  ORDERSYNC_DATA_DIR="$WORK/data" "${LIMIT_ENV[@]}"
wait_healthy "$BASE" "$RUN_DIR/server.log"
PG_PID="$(head -1 "$WORK/data/postgres/postmaster.pid")"
{
  echo "server: pid $SERVER_PID, up; PostgreSQL postmaster pid $PG_PID: $("/proc/$PG_PID/exe" --version 2>/dev/null || readlink "/proc/$PG_PID/exe")"
  PG_PORT="$(sed -n 4p "$WORK/data/postgres/postmaster.pid")"
  if command -v psql >/dev/null; then
    echo "postgres settings: $(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc \
      "select string_agg(name || '=' || setting, ' ' order by name) from pg_settings where name in
       ('fsync','synchronous_commit','full_page_writes','wal_sync_method','shared_buffers','max_connections')" 2>/dev/null || echo '?')"
  fi
} | tee -a "$RUN_DIR/machine.txt"

echo "== load (all to $BASE)"
timeout 600 "$JAVA" "-Xlog:gc:file=$RUN_DIR/bench-gc.log" -jar bench/target/ordersync-bench.jar auth \
  --base "$BASE" --server-pid "$SERVER_PID" --postgres-pid "$PG_PID" --warmup "$WARMUP" --duration "$DURATION" \
  --out "$RUN_DIR/results.md" "${BENCH_ARGS[@]}" "$@" | tee "$RUN_DIR/bench.txt"

echo
require_server_alive "$RUN_DIR/server.log"
echo "== server GC over the whole run (setup included): $(gc_summary "$RUN_DIR/server-gc.log")"
echo "== server errors logged: $(errors_logged "$RUN_DIR/server.log")"
