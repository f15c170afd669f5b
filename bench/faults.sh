#!/usr/bin/env bash
# The fault suite, long form (issue 16; the short form is FaultSuiteTest in `mvn verify`). Builds; then a
# PostgreSQL of its own (initdb in a temporary folder, a free port, fsync and synchronous commit on; PRIVATE_PG=0: a
# fresh database on the machine's PostgreSQL at PGHOST:PGPORT instead, without pg-restart and pg-crash), then the
# generator (bench/src/.../FaultBench.java) starts the server as a process of its own, on that database through a TCP
# proxy it can cut and on a redis-server of its own (the machine's PostgreSQL and Redis are shared and never
# restarted), seeds restaurants, and runs each scenario under order load from clients that resend the same request
# (Idempotency-Key, secret, body) until acknowledged:
#
#   kill9         the server killed with SIGKILL, restarted on the same database and data folder; COUNT times
#   pg-cut        PostgreSQL gone for OUTAGE seconds behind the proxy (every connection closed, new ones refused)
#   pg-restart    the private PostgreSQL restarted (pg_ctl -m fast stop, start)
#   pg-crash      the private PostgreSQL crashed (pg_ctl -m immediate stop: no checkpoint; the start replays the WAL);
#                 each of the three PG_RESTARTS times
#   redis-outage  the Redis killed for OUTAGE seconds, then started again; REDIS_OUTAGES times; orders and the live
#                 feed must keep flowing and health must say degraded with status 200
#   connections   IDLE idle and SLOW slow-header connections held for HOLD seconds, while BOARD_READERS clients read
#                 restaurant boards back to back (more than the server's 16 pooled database connections)
#
# Each scenario prints one line: FAULTS scenario=... acknowledged lost duplicated acknowledged_by_replay
# error_window_ms (fault to the first acknowledgement of a request sent after it: min/median/max)
# client_errors={kind=count} ... result=PASS|FAIL. The run exits 3 if any order was lost or duplicated, any answer was
# a 5xx other than 503, or a scenario's own check failed; then the generator's database check (totals, stock, outbox,
# idempotency records).
#
#   bench/faults.sh                                  # every scenario, COUNT=10 kills
#   COUNT=26 DURATION=8 SCENARIOS=kill9 bench/faults.sh
#
# Settings (environment): SCENARIOS (kill9,pg-cut,pg-restart,pg-crash,redis-outage,connections), PRIVATE_PG (1), COUNT
# (10), DURATION (8: seconds of load between faults, each from half to one and a half times it), CLIENTS (16),
# PG_RESTARTS (3), REDIS_OUTAGES (2), OUTAGE (3), IDLE (2000), SLOW (200), BOARD_READERS (128), HOLD (10), RESTAURANTS
# (4), SERVER_ENV ("K=V,K=V"), SERVER_JAVA_OPTS, SKIP_BUILD=1, KEEP_DB=1, PGHOST/PGPORT/PGUSER. Output (server log,
# Redis log, figures) in bench/target/runs/<time>-faults/.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
RUN_DIR="$ROOT/bench/target/runs/$(date +%Y%m%d-%H%M%S)-faults"
mkdir -p "$RUN_DIR"
bench_build "$RUN_DIR"
require_built ordersync-server/target/ordersync-server.jar bench/target/ordersync-bench.jar
for tool in psql redis-server; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install postgresql-client redis-server)" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ordersync-faults.XXXXXX")"
DB="ordersync_faults_$(date +%s)_$$"
cleanup() {
  local rc=$?
  if [[ "${KEEP_DB:-}" != "1" ]]; then
    psql -d postgres -qAtc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  cp "$WORK"/run/*.log "$RUN_DIR/" 2>/dev/null || true
  rm -rf "$WORK"
  echo "== logs and figures: $RUN_DIR"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
  echo "== machine"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cores: $(nproc), memory $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "uptime at start: $(uptime)"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
} | tee "$RUN_DIR/machine.txt"

psql -d postgres -qAtc "CREATE DATABASE $DB" >/dev/null
copy_server ordersync-server/target "$WORK/server"
cp -r bench/target/ordersync-bench.jar bench/target/libs "$WORK/"
rc=0
"$JAVA" -jar "$WORK/ordersync-bench.jar" faults \
  --server-cp "$WORK/server/ordersync-server.jar" --java "$JAVA" \
  --db-url "jdbc:postgresql://$PGHOST:$PGPORT/$DB" --db-user "$PGUSER" \
  --private-postgres "$([[ "${PRIVATE_PG:-1}" == "1" ]] && echo true || echo false)" \
  --scenarios "${SCENARIOS:-kill9,pg-cut,pg-restart,pg-crash,redis-outage,connections}" \
  --kills "${COUNT:-10}" --pg-restarts "${PG_RESTARTS:-3}" --redis-outages "${REDIS_OUTAGES:-2}" \
  --load-seconds "${DURATION:-8}" --outage-seconds "${OUTAGE:-3}" --clients "${CLIENTS:-16}" \
  --idle-connections "${IDLE:-2000}" --slow-connections "${SLOW:-200}" \
  --board-readers "${BOARD_READERS:-128}" --hold-seconds "${HOLD:-10}" \
  --restaurants "${RESTAURANTS:-4}" --server-env "${SERVER_ENV:-}" --server-java-opts "${SERVER_JAVA_OPTS:-}" \
  --work "$WORK/run" --out "$RUN_DIR/figures.txt" 2>&1 | tee "$RUN_DIR/faults.txt" || rc=$?
echo "uptime at end: $(uptime)" | tee -a "$RUN_DIR/machine.txt"
[[ $rc -eq 0 ]] || echo "!! the fault suite FAILED (exit $rc): see the FAULTS lines above" >&2
exit $rc
