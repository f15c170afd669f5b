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

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
SOCKETS="${SOCKETS:-10000}"
RATE="${RATE:-200}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-60}"

# Two ends of 10,000 sockets on one machine: both processes need more than the usual 1024 descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

RUN_DIR="$ROOT/bench/target/runs/ws-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  echo "== build: mvn -B -q -DskipTests -pl ordersync-server,bench -am package"
  mvn -B -q -DskipTests -pl ordersync-server,bench -am package >"$RUN_DIR/build.log" 2>&1 \
    || { tail -40 "$RUN_DIR/build.log" >&2; echo "the build failed" >&2; exit 1; }
fi
for f in ordersync-server/target/ordersync-server.jar bench/target/ordersync-bench.jar; do
  [[ -f "$f" ]] || { echo "missing $f: build first" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ordersync-bench.XXXXXX")"
SERVER_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "== stopping the server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
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

mkdir -p "$WORK/server" "$WORK/data"
cp -r ordersync-server/target/ordersync-server.jar ordersync-server/target/libs "$WORK/server/"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"

echo "== starting the server on $BASE (embedded PostgreSQL in a fresh $WORK/data, rate limits off)"
env ORDERSYNC_HOST=127.0.0.1 ORDERSYNC_PORT="$PORT" ORDERSYNC_DATA_DIR="$WORK/data" ORDERSYNC_RATE_LIMITS=off \
  "$JAVA" "-Xlog:gc:file=$RUN_DIR/server-gc.log" ${SERVER_JAVA_OPTS:-} -jar "$WORK/server/ordersync-server.jar" \
  >"$RUN_DIR/server.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 120); do
  if curl -fsS -o /dev/null "$BASE/observe/health" 2>/dev/null; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "the server exited; see $RUN_DIR/server.log" >&2; tail -5 "$RUN_DIR/server.log" >&2; exit 1; fi
  if [[ $i -eq 120 ]]; then echo "the server did not become healthy in 60 s" >&2; exit 1; fi
  sleep 0.5
done

echo "== load: $SOCKETS sockets, $RATE changes/s"
timeout 900 "$JAVA" "-Xlog:gc:file=$RUN_DIR/bench-gc.log" -jar bench/target/ordersync-bench.jar ws \
  --base "$BASE" --server-pid "$SERVER_PID" --sockets "$SOCKETS" --rate "$RATE" --warmup "$WARMUP" \
  --duration "$DURATION" --out "$RUN_DIR/results.md" "$@" | tee "$RUN_DIR/bench.txt"

echo "load after the run (uptime): $(uptime)" | tee -a "$RUN_DIR/machine.txt"
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "!! the server is no longer running: these results are not valid (see $RUN_DIR/server.log)" >&2
  SERVER_PID=""
  exit 1
fi
echo "== server GC over the whole run: $(awk '/Pause/ { n++; ms = $NF; sub(/ms/, "", ms); ms += 0; t += ms; if (ms > m) m = ms }
  END { printf "%d pauses, %.0f ms in total, longest %.1f ms", n, t, m }' "$RUN_DIR/server-gc.log")"
echo "== server errors logged: $(grep -c -E 'SEVERE|Exception' "$RUN_DIR/server.log" || true)"
