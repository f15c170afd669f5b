#!/usr/bin/env bash
# The benchmark harness (docs/benchmarks.md, decision 0018). One command per scenario: builds, creates a fresh database
# on the machine's PostgreSQL (127.0.0.1:5432), starts the server on it, seeds restaurants with menus through the API,
# warms up, runs the load open loop, prints the table, counts the database (a failed check fails the run), and
# measures the two ceilings in the same run: pgbench writing the same rows one order per transaction
# (synchronous commit) and a trivial Helidon route, with the ratio of each to the server's capacity.
#
#   bench/run.sh order-create            # RATE=2000 orders/s by default; RATE=10000 DURATION=60 for the issue's target
#   bench/run.sh order-read | restaurant-list | accept | mixed
#   bench/run.sh auth                    # login and refresh (bench/run-auth.sh's generator)
#   bench/run.sh audit-compare           # order-create with auditing on, then off (ORDERSYNC_AUDIT=off), side by side
#   bench/run.sh group-commit-compare    # order-create with group commit on, then off, side by side
#   bench/run.sh flush-compare           # order-create, then (a diagnostic only) without waiting for the WAL flush
#   bench/run.sh access-records-compare  # restaurant-list with personal-data access records, then without (AUDIT=off)
#   bench/run.sh tracing-compare         # order-create with tracing off, always sampled, 10% sampled (OTLP to a sink)
#   bench/run.sh tracing-cost            # CPU per order of the tracing alone, off/always/10%, in one JVM (TracingCost)
#
# Settings (environment): RATE, WARMUP (40 s: the JIT is still compiling the order path after 20), DURATION (60 s), RESTAURANTS (8), CAPACITY_SECONDS (15),
# CAPACITY_CLIENTS (64), PGBENCH_CLIENTS (16), FSYNC_PROBE_SECONDS (10), SKIP_BUILD=1, KEEP_DB=1, SERVER_JAVA_OPTS (e.g. a JFR recording),
# SERVER_ENV (extra server settings, e.g. "ORDERSYNC_ORDER_LANES=8"), PGHOST/PGPORT/PGUSER, SERVER_DIR (a folder with
# another build's ordersync-server.jar and libs/, to compare two builds side by side; default ordersync-server/target).
# The load generator is ours (bench/src/.../AuthBench.java, OrderBench.java): Java, open loop, HdrHistogram; no install.
# Output (server logs, GC logs, results, JFR) is kept in bench/target/runs/<time>-<scenario>/.
set -euo pipefail

SCENARIO="${1:-}"
[[ -n "$SCENARIO" ]] || { sed -n '2,20p' "$0"; exit 2; }
shift
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
WARMUP="${WARMUP:-40}"
DURATION="${DURATION:-60}"
RESTAURANTS="${RESTAURANTS:-8}"
CAPACITY_SECONDS="${CAPACITY_SECONDS:-15}"
CAPACITY_CLIENTS="${CAPACITY_CLIENTS:-64}"
PGBENCH_CLIENTS="${PGBENCH_CLIENTS:-16}"

if [[ "$SCENARIO" == "auth" ]]; then
  exec "$ROOT/bench/run-auth.sh" --scenarios login,refresh "$@"
fi

RUN_DIR="$ROOT/bench/target/runs/$(date +%Y%m%d-%H%M%S)-$SCENARIO"
mkdir -p "$RUN_DIR"
bench_build "$RUN_DIR"
SERVER_DIR="${SERVER_DIR:-ordersync-server/target}"
require_built "$SERVER_DIR/ordersync-server.jar" bench/target/ordersync-bench.jar
for tool in psql pgbench curl; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install postgresql-client curl)" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ordersync-bench.XXXXXX")"
# The deployment's keys live in its database, wrapped by a master key every instance is given (decision 40).
BENCH_MASTER_KEY="${BENCH_MASTER_KEY:-$(head -c 32 /dev/urandom | base64)}"
HELLO_PID=""
SINK_PID=""
DB=""
cleanup() {
  local rc=$?
  stop_pid "$SERVER_PID" 40
  stop_pid "$HELLO_PID" 40
  stop_pid "$SINK_PID" 10
  if [[ -n "$DB" && "${KEEP_DB:-}" != "1" ]]; then
    psql -d postgres -qAtc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  echo "== logs and results: $RUN_DIR"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
  echo "== machine"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cores: $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), memory $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "uptime: $(uptime)"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "postgres: $(psql -d postgres -Atc "select version()" | cut -d, -f1); $(psql -d postgres -Atc \
    "select string_agg(name || '=' || setting, ' ' order by name) from pg_settings where name in
     ('fsync','synchronous_commit','wal_sync_method','shared_buffers','max_connections','commit_delay','autovacuum')")"
  # The disk's flush latency where PostgreSQL keeps its data (else a temporary folder): a floor under every COMMIT's.
  probe_dir="$(dirname "$(psql -d postgres -Atc 'show data_directory' 2>/dev/null)")"
  [[ -d "$probe_dir" && -w "$probe_dir" ]] || probe_dir="${TMPDIR:-/var/tmp}"
  echo "disk: $(python3 bench/fsync-latency.py "$probe_dir" "${FSYNC_PROBE_SECONDS:-10}")"
} | tee "$RUN_DIR/machine.txt"

if [[ "$SCENARIO" == "tracing-cost" ]]; then
  # The instrumentation's own CPU per order, without the database or HTTP (decision 41): robust on a busy machine,
  # where the closed-loop capacity of tracing-compare is mostly noise. OTLP goes to the stand-in collector.
  SINK_PORT="$(free_port)"
  python3 bench/otlp-sink.py "$SINK_PORT" "$RUN_DIR/otlp-sink.properties" &
  SINK_PID=$!
  sleep 1
  "$JAVA" -cp "bench/target/ordersync-bench.jar:$SERVER_DIR/ordersync-server.jar:$SERVER_DIR/libs/*" \
    dev.ordersync.bench.TracingCost --otlp "http://127.0.0.1:$SINK_PORT" "$@" | tee "$RUN_DIR/tracing-cost.md"
  echo "== OTLP sink: $(ps -o cputime= -p "$SINK_PID" | tr -d ' ') of CPU"
  exit 0
fi

# The HTTP ceiling: the same Helidon with a route that does nothing; started once, used by every phase.
cp -r bench/target/ordersync-bench.jar bench/target/libs "$WORK/"
HELLO_PORT="$(free_port)"
"$JAVA" -jar "$WORK/ordersync-bench.jar" hello --port "$HELLO_PORT" >"$RUN_DIR/hello.log" 2>&1 &
HELLO_PID=$!

# One phase: a fresh database and server with the given settings, the load, the check, the ceilings.
phase() {
  local label="$1" scenarios="$2" extra_env="$3"
  shift 3
  local dir="$RUN_DIR/$label"
  mkdir -p "$dir" "$WORK/$label"
  DB="ordersync_bench_$(date +%s)_$$"
  psql -d postgres -qAtc "CREATE DATABASE $DB" >/dev/null
  if [[ -n "${PHASE_DB_SETTING:-}" ]]; then
    # A diagnostic only (flush-compare): never how the product runs.
    psql -d postgres -qAtc "ALTER DATABASE $DB SET $PHASE_DB_SETTING" >/dev/null
    echo "!! [$label] diagnostic database setting: $PHASE_DB_SETTING (not durable: this phase only shows what the flush costs)"
  fi
  copy_server "$SERVER_DIR" "$WORK/$label"
  local port; port="$(free_port)"
  echo "== [$label] server on 127.0.0.1:$port, database $DB ($extra_env)"
  start_server "$WORK/$label" "$port" "$dir/server.log" "$dir/server-gc.log" \
    ORDERSYNC_DATA_DIR="$WORK/$label/data" \
    ORDERSYNC_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" ORDERSYNC_DB_USER="$PGUSER" \
    ORDERSYNC_MASTER_KEY="$BENCH_MASTER_KEY" ORDERSYNC_RATE_LIMITS=off ORDERSYNC_ACCESS_TOKEN_TTL=PT2H $extra_env ${SERVER_ENV:-}
  wait_healthy "http://127.0.0.1:$port" "$dir/server.log"
  grep -m3 'ORDERSYNC_AUDIT=off' "$dir/server.log" || true
  local pg_pid; pg_pid="$(head -1 "$(psql -d postgres -Atc 'show data_directory')/postmaster.pid" 2>/dev/null || true)"

  # Database wait events, sampled every second during the load (what the backends wait on).
  ( while kill -0 "$SERVER_PID" 2>/dev/null; do
      psql -d "$DB" -qAtc "select coalesce(wait_event_type || ':' || wait_event, 'CPU') from pg_stat_activity
        where datname = current_database() and state = 'active' and pid <> pg_backend_pid()" 2>/dev/null
      sleep 1
    done ) >"$dir/wait-events.txt" &
  local sampler=$!

  local rc=0
  timeout 1800 "$JAVA" "-Xlog:gc:file=$dir/bench-gc.log" -jar "$WORK/ordersync-bench.jar" orders \
    --base "http://127.0.0.1:$port" --db-url "jdbc:postgresql://$PGHOST:$PGPORT/$DB" --db-user "$PGUSER" \
    --scenarios "$scenarios" --warmup "$WARMUP" --duration "$DURATION" --restaurants "$RESTAURANTS" \
    ${RATE:+--rate "$RATE"} --capacity "${CAPACITY:-order-create,hello}" --hello "http://127.0.0.1:$HELLO_PORT" \
    --capacity-seconds "$CAPACITY_SECONDS" --capacity-clients "$CAPACITY_CLIENTS" \
    --server-pid "$SERVER_PID" ${pg_pid:+--postgres-pid "$pg_pid"} \
    --out "$dir/results.md" --summary "$dir/summary.properties" "$@" 2>&1 | tee "$dir/bench.txt" || rc=$?
  kill "$sampler" 2>/dev/null || true
  require_server_alive "$dir/server.log" "$label"
  echo "== [$label] database wait events of active backends, sampled each second during the run:"
  sort "$dir/wait-events.txt" | uniq -c | sort -rn | head -8 | sed 's/^/   /'
  echo "== [$label] server errors logged: $(errors_logged "$dir/server.log")"

  # The database ceiling, on the same database with the server idle.
  psql -d "$DB" -qf bench/pgbench/schema.sql >/dev/null
  pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j 2 -T "$CAPACITY_SECONDS" -f bench/pgbench/order.sql "$DB" \
    >"$dir/pgbench.txt" 2>&1 || { cat "$dir/pgbench.txt" >&2; exit 1; }
  local tps; tps="$(awk '/^tps = / {print $3; exit}' "$dir/pgbench.txt")"
  echo "pgbench.tps=$tps" >>"$dir/summary.properties"
  echo "pgbench.latency_ms=$(awk '/latency average/ {print $4}' "$dir/pgbench.txt")" >>"$dir/summary.properties"

  stop_pid "$SERVER_PID" 40
  SERVER_PID=""
  if [[ "${KEEP_DB:-}" != "1" ]]; then psql -d postgres -qAtc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null; fi
  DB=""
  [[ $rc -eq 0 ]] || { echo "!! [$label] the run FAILED (exit $rc): see the check above" >&2; exit $rc; }
}

ratios() {
  echo
  echo "== ratios to the ceilings, measured in the same run (closed loop, $CAPACITY_CLIENTS clients for HTTP,"
  echo "   $PGBENCH_CLIENTS for pgbench, $CAPACITY_SECONDS s each)"
  echo
  echo "| phase | orders/s (closed loop) | HTTP ceiling req/s | ratio | database ceiling orders/s (pgbench) | ratio | open-loop target | achieved | p99 ms |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for f in "$RUN_DIR"/*/summary.properties; do
    local label; label="$(basename "$(dirname "$f")")"
    awk -F= -v label="$label" '{ v[$1] = $2 } END {
      o = v["capacity.order-create"] + 0; h = v["capacity.hello"] + 0; p = v["pgbench.tps"] + 0;
      printf "| %s | %.0f | %.0f | %s | %.0f | %s | %s | %s | %s |\n", label, o, h,
        (h > 0 ? sprintf("%.3f", o / h) : "-"), p, (p > 0 ? sprintf("%.2f", o / p) : "-"),
        v["order-create.rate"], v["order-create.achieved"], v["order-create.p99"] }' "$f"
  done
}

case "$SCENARIO" in
  order-create|order-read|restaurant-list|accept|mixed) phase "$SCENARIO" "$SCENARIO" "" "$@" ;;
  all) phase all "order-create,order-read,restaurant-list,accept,mixed" "" "$@" ;;
  audit-compare)
    phase audit-on order-create "ORDERSYNC_AUDIT=on" "$@"
    phase audit-off order-create "ORDERSYNC_AUDIT=off" "$@" ;;
  group-commit-compare)
    phase group-commit-on order-create "ORDERSYNC_GROUP_COMMIT=on" "$@"
    phase group-commit-off order-create "ORDERSYNC_GROUP_COMMIT=off" "$@" ;;
  flush-compare)
    # How much of order creation's latency and capacity is the disk's flush: the same run with COMMIT waiting for its
    # WAL flush (as always), then, as a diagnostic only, with the bench database's synchronous_commit off (orders may be
    # lost in a crash: never a way to run the product). pgbench's ceiling runs with the same setting in each phase.
    phase flush-wait order-create "" "$@"
    PHASE_DB_SETTING="synchronous_commit = off" phase no-flush-wait-diagnostic order-create "" "$@" ;;
  access-records-compare)
    # What the personal-data access records (decision 27) cost the board: each board read now commits one audit
    # record and waits for its WAL flush. First as the product runs, then with ORDERSYNC_AUDIT=off, which writes none
    # (a measurement only, never how the product runs). CAPACITY=hello,restaurant-list adds the closed-loop ceilings.
    phase access-records-on restaurant-list "ORDERSYNC_AUDIT=on" "$@"
    phase access-records-off restaurant-list "ORDERSYNC_AUDIT=off" "$@" ;;
  tracing-compare)
    # What tracing costs the order path (decision 41): off (the default: no SDK, no-op spans), every trace sampled,
    # and 10% of traces sampled, each exporting OTLP/HTTP in batches to a stand-in collector on the same machine
    # (bench/otlp-sink.py, which only counts bytes; its CPU is reported). The generator sends no traceparent, so the
    # sampler decides at the root, as it would for clients that do not trace.
    SINK_PORT="$(free_port)"
    python3 bench/otlp-sink.py "$SINK_PORT" "$RUN_DIR/otlp-sink.properties" &
    SINK_PID=$!
    otlp="OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$SINK_PORT"
    for round in $(seq 1 "${TRACING_ROUNDS:-1}"); do
      phase "tracing-off-$round" order-create "" "$@"
      phase "tracing-always-$round" order-create "$otlp OTEL_TRACES_SAMPLER=always_on" "$@"
      phase "tracing-10pct-$round" order-create \
        "$otlp OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1" "$@"
    done
    echo "== OTLP sink: $(ps -o cputime= -p "$SINK_PID" | tr -d ' ') of CPU for the whole run"
    stop_pid "$SINK_PID" 10
    SINK_PID=""
    cat "$RUN_DIR/otlp-sink.properties" 2>/dev/null || true ;;
  *) echo "unknown scenario $SCENARIO" >&2; exit 2 ;;
esac
ratios | tee "$RUN_DIR/ratios.md"
