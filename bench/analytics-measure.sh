#!/usr/bin/env bash
# Times the analytics endpoint on the database bench/analytics.sh left (its keys and owner in bench/target/analytics),
# with the server of ordersync-server/target (or SERVER_DIR, e.g. an older commit's build, to compare side by side)
# and the rollup job off: 10 warm-up calls then N (50) per scenario.
#   bench/analytics-measure.sh
#   SERVER_DIR=/tmp/old/ordersync-server/target bench/analytics-measure.sh
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/target/analytics/owner.env
W=$(mktemp -d); SERVER_DIR=${SERVER_DIR:-ordersync-server/target}; cp -r $SERVER_DIR/ordersync-server.jar $SERVER_DIR/libs $W/
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env ORDERSYNC_HOST=127.0.0.1 ORDERSYNC_PORT=$PORT ORDERSYNC_DB_URL=jdbc:postgresql://127.0.0.1:5432/ordersync_bench_analytics ORDERSYNC_DB_USER=postgres ORDERSYNC_MASTER_KEY_FILE=bench/target/analytics/master.key ORDERSYNC_DATA_DIR=bench/target/analytics/data ORDERSYNC_RATE_LIMITS=off ORDERSYNC_ANALYTICS_ROLLUP_SECONDS=0 /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar $W/ordersync-server.jar > /tmp/measure-server.log 2>&1 &
SP=$!
for i in $(seq 1 120); do curl -fsS -o /dev/null localhost:$PORT/observe/health 2>/dev/null && break; sleep 0.5; done
TOKEN=$(curl -s -X POST localhost:$PORT/api/v1/auth/login -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"correct horse battery staple\",\"restaurant_id\":\"$RID\"}" | jq -r .access_token)
echo "server: $SERVER_DIR; busy: $(uptime)"
TODAY=$(TZ=Asia/Seoul date +%F); YEST=$(TZ=Asia/Seoul date -d yesterday +%F); YEAR=$(TZ=Asia/Seoul date -d '365 days ago' +%F); MONTH=$(TZ=Asia/Seoul date -d '30 days ago' +%F)
for sc in "day granularity, a year|from=$YEAR&to=$TODAY&granularity=day" "week granularity, a year|from=$YEAR&to=$TODAY&granularity=week" "day granularity, 31 days|from=$MONTH&to=$TODAY&granularity=day" "hour granularity, 31 days|from=$MONTH&to=$TODAY&granularity=hour" "hour granularity, yesterday|from=$YEST&to=$YEST&granularity=hour"; do
  q="${sc#*|}"; : > /tmp/times
  for i in $(seq 1 10); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "localhost:$PORT/api/v1/restaurants/me/analytics?$q"; done
  for i in $(seq 1 ${N:-50}); do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $TOKEN" "localhost:$PORT/api/v1/restaurants/me/analytics?$q" >> /tmp/times; done
  codes=$(cut -d' ' -f1 /tmp/times | sort | uniq -c | tr '\n' ' ')
  cut -d' ' -f2 /tmp/times | sort -n | awk -v l="${sc%%|*}" -v c="$codes" '{t[NR]=$1*1000} END {p=int(NR*0.99+0.999); printf "%-30s n=%d median %.1f ms p99 %.1f ms max %.1f ms (status: %s)\n", l, NR, t[int((NR+1)/2)], t[p], t[NR], c}'
done
curl -s -H "Authorization: Bearer $TOKEN" "localhost:$PORT/api/v1/restaurants/me/analytics?from=$YEAR&to=$TODAY&granularity=week" | jq -c '{orders, revenue, average_order_value, cancel_rate, reject_rate, stage_seconds, top: .top_items[0].name}'
kill $SP; wait $SP 2>/dev/null; rm -rf $W
