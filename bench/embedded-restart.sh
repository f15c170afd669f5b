#!/usr/bin/env bash
# Embedded restart after a crash that killed both the server and its PostgreSQL (issue 16, item 7):
# starts `java -jar ordersync-server.jar --demo` on embedded defaults in a fresh data folder, then RUNS
# times kills the server and its postmaster with SIGKILL and times the restart until the server prints
# "OrderSync is running" and until /observe/health answers 200. Prints each figure, the phases of the
# start as the server logged them, and the load average (the machine's other work is part of every figure).
#   bench/embedded-restart.sh            # 3 crashes
#   RUNS=5 bench/embedded-restart.sh
#   JAVA_OPTS='-XX:TieredStopAtLevel=1' bench/embedded-restart.sh   # options for the server's JVM
# Besides wall time it prints the CPU time the server's JVM and its PostgreSQL used until "running": on a
# loaded machine that is the figure that says what an idle one would take.
# Build the jar first: mvn -o -pl ordersync-server -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
JAR=ordersync-server/target/ordersync-server.jar
RUNS="${RUNS:-3}"
PORT="${PORT:-$((20000 + RANDOM % 20000))}"
DATA="$(mktemp -d -t ordersync-restart.XXXXXX)"
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

ms() { date +%s%3N; }

# CPU time (user + system) a process used so far, in ms.
cpu_ms() {
  local tick
  tick=$(getconf CLK_TCK)
  awk -v t="$tick" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat" 2>/dev/null || echo 0
}

# Starts the server in the background; sets $server, $running and $healthy (ms since the launch):
# the "running" line, then health 200.
start() {
  local log="$1" t0
  running=""
  healthy=""
  t0=$(ms)
  # shellcheck disable=SC2086
  ORDERSYNC_DATA_DIR="$DATA" ORDERSYNC_PORT="$PORT" "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" --demo >"$log" 2>&1 &
  server=$!
  while [[ -z "$healthy" ]]; do
    if ! kill -0 "$server" 2>/dev/null; then echo "the server exited:"; tail -20 "$log"; exit 1; fi
    if [[ -z "$running" ]] && grep -qs "^OrderSync is running" "$log"; then
      running=$(( $(ms) - t0 ))
      jvm_cpu=$(cpu_ms "$server")
      pg_cpu=0
      for p in $(pgrep -f "$DATA/postgres" || true); do pg_cpu=$(( pg_cpu + $(cpu_ms "$p") )); done
    fi
    if [[ -n "$running" ]] && curl -fs -o /dev/null "http://127.0.0.1:$PORT/observe/health"; then
      healthy=$(( $(ms) - t0 ))
    fi
    if (( $(ms) - t0 > 180000 )); then echo "no start within 180 s"; tail -20 "$log"; exit 1; fi
    sleep 0.05
  done
}

crash() {
  local postmaster
  postmaster=$(head -1 "$DATA/postgres/postmaster.pid")
  kill -KILL "$server" "$postmaster"
  wait "$server" 2>/dev/null || true
  while kill -0 "$postmaster" 2>/dev/null && [[ "$(awk '{print $3}' /proc/"$postmaster"/stat 2>/dev/null)" != Z ]]; do
    sleep 0.02
  done
  server=""
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
start "$DATA/first.log"
echo "first start (initdb, migrations, keys, demo data): running after ${running} ms, healthy after ${healthy} ms;" \
  "CPU until running: JVM ${jvm_cpu} ms, PostgreSQL ${pg_cpu} ms"
for i in $(seq 1 "$RUNS"); do
  crash
  start "$DATA/restart-$i.log"
  echo "restart $i after kill -9 of both: running after ${running} ms, healthy after ${healthy} ms;" \
    "CPU until running: JVM ${jvm_cpu} ms, PostgreSQL ${pg_cpu} ms (load $(cut -d' ' -f1 /proc/loadavg))"
done
echo "phases of the last restart (the server's own log):"
grep -E '^[A-Z][a-z]{2} [0-9]|INFO|WARNING|running' "$DATA/restart-$RUNS.log" | cut -c1-160 | head -40
