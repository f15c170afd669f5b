#!/usr/bin/env bash
# Connection exhaustion (issue 16; docs/benchmarks.md, "Idle and slow connections"): starts the server jar with a raised
# file limit on a fresh embedded PostgreSQL, then CLIENTS separate client processes (bench/connections.py) open
# CONNECTIONS raw TCP connections between them from ADDRESSES loopback addresses (silent, half request line, half headers, idle keep-alive, trickled
# body, stalled WebSocket upgrade) and holds them for HOLD seconds while it probes /observe/health and an API page once
# a second. Prints the figures as JSON, whether the server still listens afterwards, and what its log says.
#
#   bench/connections.sh                                   # 25,000 asked: timeouts raised to 10 minutes so they stay
#   MODE=defaults bench/connections.sh                     # the default timeouts; the clients re-open what is cut
#   SERVER_FILES=65536 bench/connections.sh                # where the hard limit allows it (not on our sandbox: 20000)
#   ADDRESSES=1 CONNECTIONS=25000 bench/connections.sh     # one address: all but its cap (256) refused
#   SKIP_BUILD=1 bench/connections.sh                      # reuse what is already built
#
# Output (server log, GC log, results) is kept in bench/target/runs/connections-<time>/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CONNECTIONS="${CONNECTIONS:-25000}"
ADDRESSES="${ADDRESSES:-250}"
HOLD="${HOLD:-60}"
MODE="${MODE:-held}"
CLIENTS="${CLIENTS:-2}"

# Each client process holds its share of the sockets: raise the limit as far as the hard limit allows (on the machines
# of this project the hard limit is 20000 and cannot be raised, hence several client processes).
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
SERVER_FILES="${SERVER_FILES:-$(ulimit -n)}"

RUN_DIR="$ROOT/bench/target/runs/connections-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
bench_build "$RUN_DIR" -o -pl ordersync-server -am -Dspotbugs.skip
require_built ordersync-server/target/ordersync-server.jar

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
  echo "mode: $MODE, $CONNECTIONS connections from $ADDRESSES addresses, held $HOLD s; server ulimit -n $SERVER_FILES"
} | tee "$RUN_DIR/machine.txt"

mkdir -p "$WORK/data"
copy_server ordersync-server/target "$WORK/server"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
settings=(ORDERSYNC_DATA_DIR="$WORK/data" ORDERSYNC_RATE_LIMITS=off)
client_args=()
case "$MODE" in
  held)
    settings+=(ORDERSYNC_HEADER_TIMEOUT=PT10M ORDERSYNC_BODY_TIMEOUT=PT10M ORDERSYNC_IDLE_TIMEOUT=PT10M) ;;
  defaults)
    client_args+=(--reopen) ;;
  *) echo "MODE is held or defaults" >&2; exit 2 ;;
esac

echo "== starting the server on $BASE (embedded PostgreSQL, rate limits off, ulimit -n $SERVER_FILES)"
# shellcheck disable=SC2030,SC2031
start_server_with_limit() {
  ( ulimit -n "$SERVER_FILES"; exec env ORDERSYNC_HOST=127.0.0.1 ORDERSYNC_PORT="$PORT" ORDERSYNC_MANAGEMENT_PORT="$((PORT + 1))" "${settings[@]}" \
      "$JAVA" "-Xlog:gc:file=$RUN_DIR/server-gc.log" ${SERVER_JAVA_OPTS:-} -jar "$WORK/server/ordersync-server.jar" \
      >"$RUN_DIR/server.log" 2>&1 ) &
  SERVER_PID=$!
}
start_server_with_limit
wait_healthy "$BASE" "$RUN_DIR/server.log"
grep -m1 'connections: at most' "$RUN_DIR/server.log" || true

echo "== $CONNECTIONS connections from $CLIENTS client processes, held $HOLD s"
share=$(( (CONNECTIONS + CLIENTS - 1) / CLIENTS ))
others=()
for c in $(seq 2 "$CLIENTS"); do
  python3 bench/connections.py --port "$PORT" --connections "$share" --addresses "$ADDRESSES" \
    --first-address $(( (c - 1) * ADDRESSES )) --hold "$HOLD" --probe-every 0 "${client_args[@]}" \
    >"$RUN_DIR/results-client-$c.json" &
  others+=($!)
done
JCMD="$JAVA_HOME/bin/jcmd" python3 bench/connections.py --port "$PORT" --connections "$share" \
  --addresses "$ADDRESSES" --hold "$HOLD" --server-pid "$SERVER_PID" "${client_args[@]}" \
  >"$RUN_DIR/results.json"
for pid in "${others[@]}"; do wait "$pid"; done
cat "$RUN_DIR/results.json"
for c in $(seq 2 "$CLIENTS"); do
  echo "-- client $c:"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps({k: d[k] for k in ("opened","connect_failed","refused_at_once","held_after_opening","held_at_end","cut_by_kind","generator_cpu_seconds")}))' \
    "$RUN_DIR/results-client-$c.json"
done
echo "load after the run (uptime): $(uptime)" | tee -a "$RUN_DIR/machine.txt"

require_server_alive "$RUN_DIR/server.log"
if curl -fsS -o /dev/null -m 10 "$BASE/observe/health"; then
  echo "== after: the server still listens and answers health"
else
  echo "!! after: the server does not answer health" >&2
  exit 1
fi
echo "== server log: $(grep -c 'terminating now' "$RUN_DIR/server.log" || true) 'socket is terminating' lines," \
  "$(errors_logged "$RUN_DIR/server.log") lines naming SEVERE or an exception"
