#!/usr/bin/env bash
# The notification benchmark (issue 19; results in docs/benchmarks.md, "Notifications"). Builds; creates a fresh
# database on the machine's PostgreSQL; starts the server on it with text messages going to a fake Aligo run by the
# generator (bench/src/.../NotificationBench.java: a real HTTP server answering Aligo's JSON after FAKE_DELAY_MS, as a
# provider would); seeds RESTAURANTS restaurants through the API; then places PER_MINUTE orders a minute for DURATION
# seconds, each with a consenting phone (customer.sms_consent), and moves each through accepted, preparing and ready a
# second apart, so the server records a text on accepted and on ready (the restaurants' default guest texts). Every 100
# ms the generator reads the age of the oldest pending message from the database. The run passes when every recorded
# text was sent once and none twice, and the oldest pending message never reached 2 s.
#
#   bench/notifications.sh                          # 1,000 orders a minute for 120 s
#   PER_MINUTE=3000 DURATION=60 bench/notifications.sh
#
# Settings (environment): PER_MINUTE (1000), DURATION (120), RESTAURANTS (4), FAKE_DELAY_MS (100), SERVER_ENV
# ("K=V,K=V" extra server settings, e.g. ORDERSYNC_NOTIFY_CONCURRENCY=16), SKIP_BUILD=1, KEEP_DB=1, PGHOST/PGPORT/PGUSER.
# Output (server log, GC log, result) in bench/target/runs/<time>-notifications/.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
PER_MINUTE="${PER_MINUTE:-1000}"
DURATION="${DURATION:-120}"
RESTAURANTS="${RESTAURANTS:-4}"
FAKE_DELAY_MS="${FAKE_DELAY_MS:-100}"
RUN_DIR="$ROOT/bench/target/runs/$(date +%Y%m%d-%H%M%S)-notifications"
mkdir -p "$RUN_DIR"

bench_build "$RUN_DIR"
require_built ordersync-server/target/ordersync-server.jar bench/target/ordersync-bench.jar

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ordersync-notify-bench.XXXXXX")"
DB="ordersync_notify_bench_$(date +%s)_$$"
cleanup() {
  local rc=$?
  stop_pid "$SERVER_PID"
  cp "$WORK"/*.log "$RUN_DIR/" 2>/dev/null || true
  if [[ "${KEEP_DB:-}" != "1" ]]; then
    psql -d postgres -qAtc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  echo "== logs and result: $RUN_DIR"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql -d postgres -qAtc "CREATE DATABASE $DB" >/dev/null
copy_server ordersync-server/target "$WORK/server"
cp -r bench/target/ordersync-bench.jar bench/target/libs "$WORK/"
PORT="$(free_port)"
FAKE_PORT="$(free_port)"
extra=()
if [[ -n "${SERVER_ENV:-}" ]]; then IFS=',' read -r -a extra <<<"$SERVER_ENV"; fi
start_server "$WORK/server" "$PORT" "$WORK/server.log" "$WORK/server-gc.log" \
  ORDERSYNC_DATA_DIR="$WORK/data" \
  ORDERSYNC_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" ORDERSYNC_DB_USER="$PGUSER" \
  ORDERSYNC_RATE_LIMITS=off ORDERSYNC_MASTER_KEY="$(head -c 32 /dev/urandom | base64)" \
  ORDERSYNC_ALIGO_API_URL="http://127.0.0.1:$FAKE_PORT" ORDERSYNC_ALIGO_KEY=benchbenchbenchbenchbenchbench12 \
  ORDERSYNC_ALIGO_USER_ID=ordersync ORDERSYNC_ALIGO_SENDER=025114560 "${extra[@]}"
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(grep MemAvailable /proc/meminfo | tr -s ' ')"
echo "== server pid $SERVER_PID on port $PORT; fake Aligo on $FAKE_PORT (answers after $FAKE_DELAY_MS ms)"
wait_healthy "http://127.0.0.1:$PORT" "$WORK/server.log"
cpu_before="$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")"
start_s=$SECONDS
set +e
"$JAVA" -jar "$WORK/ordersync-bench.jar" notifications --base "http://127.0.0.1:$PORT" --fake-port "$FAKE_PORT" \
  --fake-delay-ms "$FAKE_DELAY_MS" --db "jdbc:postgresql://$PGHOST:$PGPORT/$DB" --db-user "$PGUSER" \
  --per-minute "$PER_MINUTE" --duration "$DURATION" --restaurants "$RESTAURANTS" | tee "$RUN_DIR/result.txt"
rc=${PIPESTATUS[0]}
set -e
require_server_alive "$WORK/server.log"
cpu_after="$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")"
ticks="$(getconf CLK_TCK)"
echo "== server CPU: $(( (cpu_after - cpu_before) / ticks )) s over $(( SECONDS - start_s )) s of wall time;" \
  "GC: $(gc_summary "$WORK/server-gc.log"); errors logged: $(errors_logged "$WORK/server.log")" | tee -a "$RUN_DIR/result.txt"
echo "== machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RUN_DIR/result.txt"
exit "$rc"
