-- Rebuilds one restaurant's analytics rollups from all its raw rows in one transaction, with the statements of the
-- rollup job (PostgresSalesFigures) over every hour and day: for a restaurant imported with a long history, where the
-- job's batches would take long (docs/benchmarks.md). Zone Asia/Seoul is written in; change it for another zone.
--   psql -v rid=<restaurant id> -f bench/analytics-rebuild.sql <database>
BEGIN;
INSERT INTO analytics_cursors (restaurant_id, position, time_zone, updated_at)
SELECT id, 0, time_zone, now() FROM restaurants WHERE id = :'rid' ON CONFLICT (restaurant_id) DO NOTHING;
SELECT position FROM analytics_cursors WHERE restaurant_id = :'rid' FOR UPDATE;
SELECT last_position AS p FROM restaurant_feeds WHERE restaurant_id = :'rid' \gset
WITH dirty AS (SELECT DISTINCT date_trunc('hour', created_at, 'UTC') AS hour FROM orders WHERE restaurant_id = :'rid')
INSERT INTO analytics_hourly (restaurant_id, hour, orders, canceled, rejected, sales, gross)
SELECT :'rid', raw.* FROM (
SELECT d.hour, count(o.id) FILTER (WHERE o.status NOT IN ('AWAITING_PAYMENT', 'EXPIRED'))::int AS orders,
 count(o.id) FILTER (WHERE o.status = 'CANCELED')::int AS canceled,
 count(o.id) FILTER (WHERE o.status = 'REJECTED')::int AS rejected,
 count((CASE WHEN o.status IN ('AWAITING_PAYMENT', 'EXPIRED') THEN NULL WHEN p.approved_at IS NOT NULL THEN p.amount WHEN o.status = 'COMPLETED' THEN o.total END))::int AS sales,
 coalesce(sum((CASE WHEN o.status IN ('AWAITING_PAYMENT', 'EXPIRED') THEN NULL WHEN p.approved_at IS NOT NULL THEN p.amount WHEN o.status = 'COMPLETED' THEN o.total END)), 0)::bigint AS gross
 FROM dirty d JOIN orders o ON o.restaurant_id = :'rid' AND o.created_at >= d.hour AND o.created_at < d.hour + interval '1 hour'
 LEFT JOIN payments p ON p.order_id = o.id GROUP BY d.hour) raw
ON CONFLICT (restaurant_id, hour) DO UPDATE SET orders = excluded.orders, canceled = excluded.canceled, rejected = excluded.rejected, sales = excluded.sales, gross = excluded.gross;
DELETE FROM analytics_daily_items WHERE restaurant_id = :'rid';
WITH dirty AS (SELECT DISTINCT (created_at AT TIME ZONE 'Asia/Seoul')::date AS day FROM orders WHERE restaurant_id = :'rid')
INSERT INTO analytics_daily_items (restaurant_id, day, menu_item_id, name, quantity, revenue)
SELECT :'rid', raw.* FROM (
SELECT d.day, l.menu_item_id, min(l.name) AS name, sum(l.quantity)::int AS quantity, sum(l.line_total)::bigint AS revenue
 FROM dirty d JOIN orders o ON o.restaurant_id = :'rid' AND o.created_at >= d.day::timestamp AT TIME ZONE 'Asia/Seoul' AND o.created_at < (d.day + 1)::timestamp AT TIME ZONE 'Asia/Seoul'
 LEFT JOIN payments p ON p.order_id = o.id JOIN order_lines l ON l.order_id = o.id
 WHERE o.status NOT IN ('CANCELED', 'REJECTED') AND (CASE WHEN o.status IN ('AWAITING_PAYMENT', 'EXPIRED') THEN NULL WHEN p.approved_at IS NOT NULL THEN p.amount WHEN o.status = 'COMPLETED' THEN o.total END) IS NOT NULL
 GROUP BY d.day, l.menu_item_id) raw;
DELETE FROM analytics_daily_stages WHERE restaurant_id = :'rid';
WITH dirty AS (SELECT DISTINCT (created_at AT TIME ZONE 'Asia/Seoul')::date AS day FROM orders WHERE restaurant_id = :'rid')
INSERT INTO analytics_daily_stages (restaurant_id, day, stage, bucket, width, count, sum_ms)
SELECT :'rid', raw.* FROM (
SELECT d.day, x.stage, (CASE WHEN x.s < 600 THEN floor(x.s / 5) * 5 WHEN x.s < 7200 THEN floor(x.s / 60) * 60 ELSE floor(x.s / 600) * 600 END)::int AS bucket,
 (CASE WHEN x.s < 600 THEN 5 WHEN x.s < 7200 THEN 60 ELSE 600 END) AS width, count(*)::int AS count, sum(round(x.s * 1000))::bigint AS sum_ms
 FROM dirty d JOIN orders o ON o.restaurant_id = :'rid' AND o.created_at >= d.day::timestamp AT TIME ZONE 'Asia/Seoul' AND o.created_at < (d.day + 1)::timestamp AT TIME ZONE 'Asia/Seoul'
 CROSS JOIN LATERAL (SELECT min(e.created_at) FILTER (WHERE e.feed_position > 0 AND e.payload->>'event' IN ('OrderCreated', 'OrderPaid')) AS placed,
   min(e.created_at) FILTER (WHERE e.payload->>'event' = 'OrderAccepted') AS accepted,
   min(e.created_at) FILTER (WHERE e.payload->>'event' = 'OrderReady') AS ready FROM order_events e WHERE e.order_id = o.id) t
 CROSS JOIN LATERAL (VALUES ('placed_to_accepted', CASE WHEN t.placed IS NOT NULL AND t.accepted IS NOT NULL THEN greatest(0, extract(epoch FROM t.accepted - t.placed)) END),
   ('accepted_to_ready', CASE WHEN t.accepted IS NOT NULL AND t.ready IS NOT NULL THEN greatest(0, extract(epoch FROM t.ready - t.accepted)) END)) x (stage, s)
 WHERE x.s IS NOT NULL GROUP BY 1, 2, 3, 4) raw;
DELETE FROM analytics_monthly_stages WHERE restaurant_id = :'rid';
INSERT INTO analytics_monthly_stages (restaurant_id, month, stage, bucket, width, count, sum_ms)
SELECT restaurant_id, date_trunc('month', day)::date, stage, bucket, width, sum(count), sum(sum_ms)
 FROM analytics_daily_stages WHERE restaurant_id = :'rid' GROUP BY 1, 2, 3, 4, 5;
UPDATE analytics_cursors SET position = :p, updated_at = now() WHERE restaurant_id = :'rid';
COMMIT;
