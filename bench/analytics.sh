#!/usr/bin/env bash
# The analytics benchmark (docs/benchmarks.md): a year of orders (1,000,000 by default) for one restaurant on the
# machine's PostgreSQL, then GET /api/v1/restaurants/me/analytics timed over repeated calls.
#
#   1. builds (SKIP_BUILD=1 skips), creates a fresh database, starts the server with the rollup job off, registers an
#      owner, a restaurant and 20 menu items through the API;
#   2. seeds the orders with bench/analytics-seed.sql (rows shaped like the server's: lines, payments, refunds, events);
#   3. times a few calls with no rollups at all (every figure from the raw rows: the cost of the part a read computes
#      raw, and what a scan per request would cost);
#   4. builds the rollups of the whole history: ROLLUPS=rebuild (the default) with bench/analytics-rebuild.sql in one
#      transaction, as for a restaurant imported with its history; ROLLUPS=job lets the server's job read the whole
#      feed (about two hours for a year on a busy 2-core machine), timed;
#   5. restarts the server with the rollup job on and times each scenario (RUNS calls after WARMUP calls): median,
#      p99 and max, by curl's time_total.
#   Step 3 runs only with RAW=1 (on a million orders each call runs into the server's 30 s request limit).
#
#   bench/analytics.sh                          # ORDERS=1000000 DAYS=365 RUNS=100 WARMUP=10
#   ORDERS=100000 SKIP_BUILD=1 bench/analytics.sh
#   SKIP_SEED=1 bench/analytics.sh              # the last run's database, keys and owner again (bench/target/analytics)
#
# PostgreSQL: PGHOST/PGPORT/PGUSER (127.0.0.1, 5432, postgres); the database ordersync_bench_analytics is dropped and
# made again. Output is kept in bench/target/runs/<time>-analytics/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ORDERS="${ORDERS:-1000000}"
DAYS="${DAYS:-365}"
RUNS="${RUNS:-100}"
WARMUP="${WARMUP:-10}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB=ordersync_bench_analytics
# The server's data folder (its keys: the seeded owner's email is encrypted under them) and who the owner is, kept
# for SKIP_SEED=1.
STATE="$ROOT/bench/target/analytics"

RUN_DIR="$ROOT/bench/target/runs/$(date +%Y%m%d-%H%M%S)-analytics"
mkdir -p "$RUN_DIR"
bench_build "$RUN_DIR" -o -Dspotbugs.skip -pl ordersync-server -am
require_built ordersync-server/target/ordersync-server.jar
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ordersync-bench.XXXXXX")"

cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    stop_pid "$SERVER_PID" 60
  fi
  rm -rf "$WORK"
  echo "== logs and results: $RUN_DIR"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

busy_cores() {
  local a b
  a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
  awk -v u1="${a[1]}" -v n1="${a[2]}" -v s1="${a[3]}" -v i1="${a[4]}" -v w1="${a[5]}" -v q1="${a[6]}" -v sq1="${a[7]}" \
      -v u2="${b[1]}" -v n2="${b[2]}" -v s2="${b[3]}" -v i2="${b[4]}" -v w2="${b[5]}" -v q2="${b[6]}" -v sq2="${b[7]}" \
      -v cores="$(nproc)" 'BEGIN {
        busy = (u2+n2+s2+q2+sq2) - (u1+n1+s1+q1+sq1); idle = (i2+w2) - (i1+w1);
        printf "%.2f", cores * busy / (busy + idle) }'
}

{
  echo "== machine"
  echo "cores: $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "postgresql: $(psql -Atc 'SHOW server_version' postgres) (shared_buffers $(psql -Atc 'SHOW shared_buffers' postgres))"
  echo "busy before the run: $(busy_cores) cores of $(nproc)"
  echo "orders: $ORDERS over $DAYS days; $RUNS calls per scenario after $WARMUP"
} | tee "$RUN_DIR/machine.txt"

if [[ "${SKIP_SEED:-}" != "1" ]]; then
  rm -rf "$STATE"
  psql -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres
  psql -q -c "CREATE DATABASE $DB" postgres
fi
mkdir -p "$STATE"
# The key that wraps the deployment's keys in this database (decision 0040), kept beside the owner for SKIP_SEED=1.
[[ -s "$STATE/master.key" ]] || (umask 077 && head -c 32 /dev/urandom | base64 >"$STATE/master.key")
copy_server ordersync-server/target "$WORK/server"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
SERVER_ENV=(ORDERSYNC_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" ORDERSYNC_DB_USER="$PGUSER"
  ORDERSYNC_MASTER_KEY_FILE="$STATE/master.key"
  ORDERSYNC_DATA_DIR="$STATE/data" ORDERSYNC_RATE_LIMITS=off)

serve() { # serve ROLLUP_SECONDS LOG
  start_server "$WORK/server" "$PORT" "$RUN_DIR/$2" "$RUN_DIR/gc-$2" "${SERVER_ENV[@]}" \
    ORDERSYNC_ANALYTICS_ROLLUP_SECONDS="$1"
  wait_healthy "$BASE" "$RUN_DIR/$2"
}

post() { # post PATH JSON [TOKEN]
  curl -fsS -X POST "$BASE$1" -H 'Content-Type: application/json' ${3:+-H "Authorization: Bearer $3"} -d "$2"
}

echo "== server (rollup job off), owner, restaurant, menu"
serve 0 server-raw.log
PASSWORD="correct horse battery staple"
login() {
  post /api/v1/auth/login "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"restaurant_id\":\"$RID\"}" \
    | jq -r .access_token
}
if [[ "${SKIP_SEED:-}" == "1" ]]; then
  source "$STATE/owner.env"
  echo "reusing restaurant $RID of $EMAIL: $(psql -Atc "SELECT count(*) FROM orders WHERE restaurant_id = '$RID'" "$DB") orders"
  # The rollups are kept: rebuilding a year through the job takes long on a busy machine (docs/benchmarks.md).
else
  EMAIL="bench-owner-$(date +%s)@example.kr"
  post /api/v1/auth/register "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"name\":\"벤치 사장\",\"role\":\"OWNER\"}" >/dev/null
  TOKEN="$(post /api/v1/auth/login "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | jq -r .access_token)"
  RID="$(post /api/v1/restaurants "{\"name\":\"벤치 분식\",\"business_number\":\"220-81-62517\"}" "$TOKEN" | jq -r .id)"
  printf 'EMAIL=%q\nRID=%q\n' "$EMAIL" "$RID" >"$STATE/owner.env"
  TOKEN="$(login)"
  for i in $(seq 1 20); do
    post /api/v1/restaurants/me/menu/items "{\"name\":\"메뉴 $i\",\"price\":$((3000 + i * 500))}" "$TOKEN" >/dev/null
  done
  echo "== seeding $ORDERS orders over $DAYS days"
  start=$(date +%s)
  psql -q -v rid="$RID" -v orders="$ORDERS" -v days="$DAYS" -f bench/analytics-seed.sql "$DB" | tee "$RUN_DIR/seed.txt"
  echo "seeded in $(( $(date +%s) - start )) s; database $(psql -Atc "SELECT pg_size_pretty(pg_database_size('$DB'))" postgres)" \
    | tee -a "$RUN_DIR/seed.txt"
fi

TODAY="$(TZ=Asia/Seoul date +%F)"
YESTERDAY="$(TZ=Asia/Seoul date -d yesterday +%F)"
YEAR_AGO="$(TZ=Asia/Seoul date -d "$DAYS days ago" +%F)"
MONTH_AGO="$(TZ=Asia/Seoul date -d '30 days ago' +%F)"

# time_calls LABEL QUERY N: N calls, one line "LABEL n median p99 max" in ms.
time_calls() {
  local label="$1" query="$2" n="$3" i
  : >"$WORK/times"
  for i in $(seq 1 "$n"); do
    curl -fsS -m "${MAX_TIME:-120}" -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" \
      "$BASE/api/v1/restaurants/me/analytics?$query" >>"$WORK/times" || echo "$label: a call failed" >&2
  done
  [[ -s "$WORK/times" ]] || return 1
  sort -n "$WORK/times" | awk -v label="$label" '{ t[NR] = $1 * 1000 } END {
    p99 = int(NR * 0.99 + 0.999); if (p99 < 1) p99 = 1;
    printf "%-34s n=%-4d median %8.1f ms  p99 %8.1f ms  max %8.1f ms\n", label, NR, t[int((NR + 1) / 2)], t[p99], t[NR] }'
}

: >"$RUN_DIR/results.txt"
TOKEN="$(login)"
if [[ "${RAW:-0}" == "1" ]]; then
echo "== no rollups: every figure from the raw rows (a scan per request)" | tee -a "$RUN_DIR/results.txt"
for scenario in \
    "raw, hour granularity, yesterday|from=$YESTERDAY&to=$YESTERDAY&granularity=hour" \
    "raw, day granularity, 31 days|from=$MONTH_AGO&to=$TODAY&granularity=day"; do
  time_calls "${scenario%%|*}" "${scenario#*|}" 1 | tee -a "$RUN_DIR/results.txt" \
    || echo "${scenario%%|*}: no answer (see $RUN_DIR/server-raw.log)" | tee -a "$RUN_DIR/results.txt"
done
fi
stop_pid "$SERVER_PID" 60

start=$(date +%s)
if [[ "${ROLLUPS:-rebuild}" == "rebuild" ]]; then
  echo "== rebuilding the rollups of the whole history in one transaction (bench/analytics-rebuild.sql)"
  psql -q -v rid="$RID" -f bench/analytics-rebuild.sql "$DB" >/dev/null
  psql -q -c "VACUUM ANALYZE" "$DB"
  echo "rollups rebuilt in $(( $(date +%s) - start )) s" | tee -a "$RUN_DIR/results.txt"
  start=$(date +%s)
fi
echo "== server with the rollup job on (every second): reading the rest of the feed"
serve 1 server.log
while :; do
  behind="$(psql -Atc "SELECT f.last_position - coalesce(c.position, 0) FROM restaurant_feeds f
    LEFT JOIN analytics_cursors c USING (restaurant_id) WHERE f.restaurant_id = '$RID'" "$DB")"
  [[ "$behind" == "0" ]] && break
  require_server_alive "$RUN_DIR/server.log"
  sleep 1
done
echo "rollups caught up with $(psql -Atc "SELECT last_position FROM restaurant_feeds WHERE restaurant_id = '$RID'" "$DB") events in $(( $(date +%s) - start )) s; rollup rows: $(psql -Atc "SELECT (SELECT count(*) FROM analytics_hourly) || ' hourly, ' || (SELECT count(*) FROM analytics_daily_items) || ' item-days, ' || (SELECT count(*) FROM analytics_daily_stages) || ' stage buckets'" "$DB")" \
  | tee -a "$RUN_DIR/results.txt"

TOKEN="$(login)"
echo "== with rollups ($WARMUP warm-up calls each, then $RUNS)" | tee -a "$RUN_DIR/results.txt"
for scenario in \
    "day granularity, a year|from=$YEAR_AGO&to=$TODAY&granularity=day" \
    "week granularity, a year|from=$YEAR_AGO&to=$TODAY&granularity=week" \
    "day granularity, 31 days|from=$MONTH_AGO&to=$TODAY&granularity=day" \
    "hour granularity, 31 days|from=$MONTH_AGO&to=$TODAY&granularity=hour" \
    "hour granularity, yesterday|from=$YESTERDAY&to=$YESTERDAY&granularity=hour"; do
  label="${scenario%%|*}"
  query="${scenario#*|}"
  time_calls "warm-up" "$query" "$WARMUP" >/dev/null
  time_calls "$label" "$query" "$RUNS" | tee -a "$RUN_DIR/results.txt"
done
require_server_alive "$RUN_DIR/server.log"
curl -fsS -H "Authorization: Bearer $TOKEN" \
  "$BASE/api/v1/restaurants/me/analytics?from=$YEAR_AGO&to=$TODAY&granularity=week" \
  | jq -c '{orders, revenue, average_order_value, cancel_rate, reject_rate, stage_seconds, top: .top_items[0]}' \
  | tee -a "$RUN_DIR/results.txt"
echo "server errors logged: $(errors_logged "$RUN_DIR/server.log")" | tee -a "$RUN_DIR/results.txt"
