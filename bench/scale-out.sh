#!/usr/bin/env bash
# Scale-out through nginx: ops/run-three.sh starts three instances on one PostgreSQL and Redis behind nginx, then the
# load generator (bench/src: ScaleOutBench) places orders with resending clients, reads menus and holds live feed
# sockets through nginx while one instance is killed (SIGKILL) and all three are restarted in turn (SIGTERM, drained).
#
#   bench/scale-out.sh [--restaurants 4] [--clients 8] [--readers 4] [--sockets-per-restaurant 3] [--load-seconds 15]
#
# Results: bench/target/runs/<time>-scale-out/results.md. Exit status 3 if a check failed (a lost order, a missed or
# doubled live event, a request that failed for a client that retries per the API's rules).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

RUN_DIR="$ROOT/bench/target/runs/$(date +%Y%m%d-%H%M%S)-scale-out"
mkdir -p "$RUN_DIR"
bench_build "$RUN_DIR" -o -Dspotbugs.skip -pl ordersync-server,bench -am
require_built ordersync-server/target/ordersync-server.jar bench/target/ordersync-bench.jar

export OPS_WORK="${OPS_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/ordersync-scale-out.XXXXXX")}"
export OPS_DB="${OPS_DB:-ordersync_scale_out_$$}"
export OPS_BASE_PORT="${OPS_BASE_PORT:-18180}"
export SKIP_BUILD=1
# Benchmarks from one address: the shared limits would throttle the generator, not the deployment.
export ORDERSYNC_RATE_LIMITS=off
cleanup() {
  local rc=$?
  for n in 1 2 3; do cp "$OPS_WORK/instance-$n.log" "$RUN_DIR/" 2>/dev/null || true; done
  cp "$OPS_WORK/nginx/logs/error.log" "$RUN_DIR/nginx-error.log" 2>/dev/null || true
  cp "$OPS_WORK/nginx/logs/access.log" "$RUN_DIR/nginx-access.log" 2>/dev/null || true
  ops/run-three.sh drop >"$RUN_DIR/drop.log" 2>&1 || true
  echo "== logs and results: $RUN_DIR"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
  echo "== machine"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cores: $(nproc), memory $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "nginx: $(/usr/sbin/nginx -v 2>&1 | cut -d/ -f2); postgres: $(psql -h 127.0.0.1 -U postgres -d postgres -Atc 'show server_version'); redis: $(redis-server --version | awk '{print $3}')"
} | tee "$RUN_DIR/results.md"

ops/run-three.sh start | tee -a "$RUN_DIR/results.md"
set +e
"$JAVA" -Xmx512m -jar bench/target/ordersync-bench.jar scale-out \
  --base "http://127.0.0.1:$OPS_BASE_PORT" \
  --db-url "jdbc:postgresql://127.0.0.1:5432/$OPS_DB" \
  --control "$ROOT/ops/run-three.sh" \
  --management "$((OPS_BASE_PORT + 2)),$((OPS_BASE_PORT + 4)),$((OPS_BASE_PORT + 6))" \
  --out "$RUN_DIR/scale-out.md" "$@" 2>"$RUN_DIR/bench.err" | tee -a "$RUN_DIR/results.md"
rc=${PIPESTATUS[0]}
set -e
echo "nginx upstream status counts: $(awk '{for (i=1;i<=NF;i++) if ($i ~ /^up_status=/) print $i}' "$OPS_WORK/nginx/logs/access.log" | sort | uniq -c | tr '\n' ' ')" | tee -a "$RUN_DIR/results.md"
exit "$rc"
