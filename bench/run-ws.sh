#!/usr/bin/env bash
# The live-delivery benchmark (docs/benchmarks.md): builds, starts the server on a fresh embedded PostgreSQL on
# 127.0.0.1, places one order per socket through the API, opens N WebSockets on /ws/orders/{id}/status (the JDK's
# WebSocket client), drives a steady open-loop stream of status changes through the REST API and measures the time to
# each event's arrival, plus the server's memory per socket. Prints the results and stops the server.
#
#   bench/run-ws.sh                                   # 10,000 sockets, 200 changes/s, 10 s warm-up + 60 s measured
#   SOCKETS=2000 RATE=100 DURATION=30 bench/run-ws.sh
#   SKIP_BUILD=1 bench/run-ws.sh                      # reuse what is already built
#   bench/run-ws.sh --clients 8                       # extra arguments go to the load generator
#
# Output (server log, GC logs, results) is kept in bench/target/runs/ws-<time>/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SOCKETS="${SOCKETS:-10000}"
RATE="${RATE:-200}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-60}"

# Two ends of 10,000 sockets on one machine: both processes need more than the usual 1024 descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

RUN_DIR="$ROOT/bench/target/runs/ws-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
bench_build "$RUN_DIR" -pl ordersync-server,bench -am
require_built ordersync-server/target/ordersync-server.jar bench/target/ordersync-bench.jar

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ordersync-bench.XXXXXX")"
cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "== stopping the server (pid $SERVER_PID)"
    stop_pid "$SERVER_PID" 60
  fi
  rm -rf "$WORK"
  echo "== logs and results: $RUN_DIR"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
  echo "== machine"
  echo "cores: $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "load before the run (uptime): $(uptime)"
} | tee "$RUN_DIR/machine.txt"

mkdir -p "$WORK/data"
copy_server ordersync-server/target "$WORK/server"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"

echo "== starting the server on $BASE (embedded PostgreSQL in a fresh $WORK/data, rate limits off)"
start_server "$WORK/server" "$PORT" "$RUN_DIR/server.log" "$RUN_DIR/server-gc.log" \
  ORDERSYNC_DATA_DIR="$WORK/data" ORDERSYNC_RATE_LIMITS=off
wait_healthy "$BASE" "$RUN_DIR/server.log"

echo "== load: $SOCKETS sockets, $RATE changes/s"
timeout 900 "$JAVA" "-Xlog:gc:file=$RUN_DIR/bench-gc.log" -jar bench/target/ordersync-bench.jar ws \
  --base "$BASE" --server-pid "$SERVER_PID" --sockets "$SOCKETS" --rate "$RATE" --warmup "$WARMUP" \
  --duration "$DURATION" --out "$RUN_DIR/results.md" "$@" | tee "$RUN_DIR/bench.txt"

echo "load after the run (uptime): $(uptime)" | tee -a "$RUN_DIR/machine.txt"
require_server_alive "$RUN_DIR/server.log"
echo "== server GC over the whole run: $(gc_summary "$RUN_DIR/server-gc.log")"
echo "== server errors logged: $(errors_logged "$RUN_DIR/server.log")"
