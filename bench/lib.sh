# shellcheck shell=bash
# What bench/run.sh, run-auth.sh and run-ws.sh share: the build, starting the server and waiting for it, stopping it,
# and reading its logs afterwards. Sourced (not run) after `set -euo pipefail`; it moves to the repository root and sets
# ROOT, JAVA_HOME and JAVA. A function that finds a fatal problem prints why and exits the script (its EXIT trap runs).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
export JAVA_HOME="${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
SERVER_PID=""

# bench_build RUN_DIR [MAVEN_ARGS...]: `mvn -B -q -DskipTests [MAVEN_ARGS] package` unless SKIP_BUILD=1; the log goes to
# RUN_DIR/build.log and its tail to stderr if the build fails.
bench_build() {
  local run_dir="$1"
  shift
  [[ "${SKIP_BUILD:-}" != "1" ]] || return 0
  echo "== build: mvn -B -q -DskipTests ${*:+$* }package"
  mvn -B -q -DskipTests "$@" package >"$run_dir/build.log" 2>&1 \
    || { tail -40 "$run_dir/build.log" >&2; echo "the build failed" >&2; exit 1; }
}

# require_built FILE...: each file must exist (the jars a run needs).
require_built() {
  local f
  for f in "$@"; do
    [[ -f "$f" ]] || { echo "missing $f: build first" >&2; exit 1; }
  done
}

# free_port: a port free on 127.0.0.1 now.
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    local p
    while :; do
      p=$((20000 + RANDOM % 20000))
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
  fi
}

# copy_server FROM_DIR TO_DIR: the server's jar and libs/. The server runs from a copy, so that a rebuild while a
# benchmark runs cannot change the classes under it.
copy_server() {
  mkdir -p "$2"
  cp -r "$1/ordersync-server.jar" "$1/libs" "$2/"
}

# start_server DIR PORT LOG GC_LOG [NAME=VALUE...]: starts DIR/ordersync-server.jar on 127.0.0.1:PORT in the background
# with those settings (and SERVER_JAVA_OPTS), its output in LOG, its GC log in GC_LOG; sets SERVER_PID. Its metrics
# are on the management listener, 127.0.0.1:PORT+1 (decision 0039), unless the settings say otherwise.
start_server() {
  local dir="$1" port="$2" log="$3" gc_log="$4"
  shift 4
  env ORDERSYNC_HOST=127.0.0.1 ORDERSYNC_PORT="$port" ORDERSYNC_MANAGEMENT_PORT="$((port + 1))" "$@" \
    "$JAVA" "-Xlog:gc:file=$gc_log" ${SERVER_JAVA_OPTS:-} -jar "$dir/ordersync-server.jar" >"$log" 2>&1 &
  SERVER_PID=$!
}

# wait_healthy BASE_URL LOG: waits up to 60 s for BASE_URL/observe/health to answer 2xx; exits if the server dies first
# (with the end of LOG) or never gets there.
wait_healthy() {
  local base="$1" log="$2" i
  for i in $(seq 1 120); do
    curl -fsS -o /dev/null "$base/observe/health" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited; see $log" >&2; tail -5 "$log" >&2; exit 1; }
    [[ $i -lt 120 ]] || { echo "the server did not become healthy in 60 s" >&2; exit 1; }
    sleep 0.5
  done
}

# stop_pid PID [HALF_SECONDS]: SIGTERM, then SIGKILL if the process still runs after HALF_SECONDS/2 s (default 20 s).
stop_pid() {
  local pid="$1" tries="${2:-40}"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$tries"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# require_server_alive LOG [LABEL]: results measured against a server that has died are not valid: say so and exit.
require_server_alive() {
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "!! ${2:+[$2] }the server is no longer running: these results are not valid (see $1)" >&2
    SERVER_PID=""
    exit 1
  fi
}

# gc_summary GC_LOG: pauses, their total and the longest, from a -Xlog:gc file.
gc_summary() {
  awk '/Pause/ { n++; ms = $NF; sub(/ms/, "", ms); ms += 0; t += ms; if (ms > m) m = ms }
    END { printf "%d pauses, %.0f ms in total, longest %.1f ms", n, t, m }' "$1"
}

# errors_logged LOG: how many lines of the server's log name a SEVERE record or an exception.
errors_logged() {
  grep -c -E 'SEVERE|Exception' "$1" || true
}
