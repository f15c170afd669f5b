-- Seeds a year of orders for one restaurant (bench/analytics.sh, docs/benchmarks.md), shaped like the rows the server
-- writes: orders with 1 to 3 lines, 40% paid online through Toss (a payment row, an AWAITING_PAYMENT creation event with
-- a negative feed position, then order.paid), the rest at the counter; 3% rejected, 4% canceled after acceptance
-- (online ones refunded in full at once), 2% of completed online orders partly refunded the next day; every change an
-- order event with its feed position, in the order the server would have committed them.
--
--   psql -v rid=<restaurant id> -v orders=1000000 -v days=365 -f bench/analytics-seed.sql <database>
--
-- Orders fall on the :days local days (Asia/Seoul) before today: 45% at lunch (11-14h), 40% at dinner (17-21h), the
-- rest between 10h and 22h.
\set ON_ERROR_STOP on
SET synchronous_commit = off;

CREATE TEMP TABLE seed_items AS
SELECT id, name, price, row_number() OVER (ORDER BY name) AS n
FROM menu_items WHERE restaurant_id = :'rid' AND removed_at IS NULL;
ANALYZE seed_items;

CREATE TEMP TABLE seed_orders AS
WITH base AS (
    SELECT i,
           (now() AT TIME ZONE 'Asia/Seoul')::date - :days + ((i - 1) * :days / :orders)::int AS day,
           random() AS r_time, random() AS r_status, random() AS r_online, random() AS r_refund,
           1 + floor(random() * 3)::int AS lines
    FROM generate_series(1, :orders) i
)
SELECT gen_random_uuid() AS id, i, day, lines,
       ((day + make_interval(mins => CASE
            WHEN r_time < 0.45 THEN 660 + floor(r_time / 0.45 * 180)::int
            WHEN r_time < 0.85 THEN 1020 + floor((r_time - 0.45) / 0.40 * 240)::int
            ELSE 600 + floor((r_time - 0.85) / 0.15 * 720)::int END)
          + make_interval(secs => floor(random() * 60)::int))::timestamp AT TIME ZONE 'Asia/Seoul') AS created_at,
       CASE WHEN r_status < 0.03 THEN 'REJECTED' WHEN r_status < 0.07 THEN 'CANCELED' ELSE 'COMPLETED' END AS status,
       r_online < 0.40 AS online,
       r_refund < 0.02 AS refund_next_day,
       30 + floor(random() * 120)::int AS accept_after,
       300 + floor(random() * 900)::int AS cook,
       60 + floor(random() * 540)::int AS pickup
FROM base;
ANALYZE seed_orders;

CREATE TEMP TABLE seed_lines AS
SELECT o.id AS order_id, l AS line_no, it.id AS menu_item_id, it.name, it.price,
       1 + floor(random() * 2)::int AS quantity
FROM seed_orders o
CROSS JOIN generate_series(1, 3) l
JOIN seed_items it ON it.n = 1 + (abs(hashtext(o.id::text || l)) % (SELECT count(*) FROM seed_items))
WHERE l <= o.lines;
ANALYZE seed_lines;

CREATE TEMP TABLE seed_totals AS
SELECT order_id, sum(price * quantity)::bigint AS total FROM seed_lines GROUP BY order_id;
ANALYZE seed_totals;

INSERT INTO orders (id, restaurant_id, business_day, number, status, version, fulfillment, subtotal, discount, total,
                    prep_minutes, reason, created_at, updated_at)
SELECT o.id, :'rid', o.day, 'B-' || row_number() OVER (PARTITION BY o.day ORDER BY o.i), o.status,
       CASE o.status WHEN 'COMPLETED' THEN 5 WHEN 'CANCELED' THEN 3 ELSE 2 END + (CASE WHEN o.online THEN 1 ELSE 0 END),
       'TAKEOUT', t.total, 0, t.total, 15,
       CASE o.status WHEN 'REJECTED' THEN '재료 소진' WHEN 'CANCELED' THEN '손님 요청' END,
       o.created_at, o.created_at + make_interval(secs => o.accept_after + o.cook + o.pickup)
FROM seed_orders o JOIN seed_totals t ON t.order_id = o.id;

INSERT INTO order_lines (order_id, line_no, menu_item_id, name, unit_price, quantity, line_total, restaurant_id,
                         base_price)
SELECT order_id, line_no, menu_item_id, name, price, quantity, price * quantity, :'rid', price FROM seed_lines;

-- Events: (order, version, type, event name, status after, at, reaches the restaurant); placed = created (counter) or
-- paid 20 s later (online).
CREATE TEMP TABLE seed_events AS
SELECT o.id AS order_id,
       CASE WHEN o.online OR e.step = 1 THEN e.step ELSE e.step - 1 END AS version,
       e.type, e.event, e.status, e.at, NOT (o.online AND e.step = 1) AS reaches
FROM seed_orders o
CROSS JOIN LATERAL (
    SELECT o.created_at + CASE WHEN o.online THEN interval '20 seconds' ELSE interval '0' END AS placed
) p
CROSS JOIN LATERAL (VALUES
    (1, 'order.created', 'OrderCreated', CASE WHEN o.online THEN 'AWAITING_PAYMENT' ELSE 'PLACED' END, o.created_at,
        true),
    (2, 'order.paid', 'OrderPaid', 'PLACED', p.placed, o.online),
    (3, 'order.status_changed', CASE WHEN o.status = 'REJECTED' THEN 'OrderRejected' ELSE 'OrderAccepted' END,
        CASE WHEN o.status = 'REJECTED' THEN 'REJECTED' ELSE 'ACCEPTED' END,
        p.placed + make_interval(secs => o.accept_after), true),
    (4, 'order.status_changed', CASE WHEN o.status = 'CANCELED' THEN 'OrderCanceled' ELSE 'OrderStarted' END,
        CASE WHEN o.status = 'CANCELED' THEN 'CANCELED' ELSE 'PREPARING' END,
        p.placed + make_interval(secs => o.accept_after + 30), o.status <> 'REJECTED'),
    (5, 'order.status_changed', 'OrderReady', 'READY',
        p.placed + make_interval(secs => o.accept_after + o.cook), o.status = 'COMPLETED'),
    (6, 'order.status_changed', 'OrderCompleted', 'COMPLETED',
        p.placed + make_interval(secs => o.accept_after + o.cook + o.pickup), o.status = 'COMPLETED')
) e (step, type, event, status, at, keep)
WHERE e.keep;
ANALYZE seed_events;

-- Payments and refunds of online orders.
INSERT INTO payments (id, order_id, restaurant_id, payment_key, status, method, amount, balance, attempts, approved_at,
                      created_at, updated_at)
SELECT gen_random_uuid(), o.id, :'rid', 'tpk_seed_' || replace(o.id::text, '-', ''),
       CASE WHEN o.status <> 'COMPLETED' THEN 'CANCELED' WHEN o.refund_next_day THEN 'PARTIAL_CANCELED' ELSE 'DONE' END,
       '카드', t.total,
       CASE WHEN o.status <> 'COMPLETED' THEN 0 WHEN o.refund_next_day THEN t.total - least(t.total, 2000) ELSE t.total END,
       1, o.created_at + interval '20 seconds', o.created_at, o.created_at + interval '20 seconds'
FROM seed_orders o JOIN seed_totals t ON t.order_id = o.id WHERE o.online;

CREATE TEMP TABLE seed_refunds AS
SELECT p.id AS payment_id, o.id AS order_id,
       CASE WHEN o.status <> 'COMPLETED' THEN p.amount ELSE least(p.amount, 2000) END AS amount,
       o.created_at + interval '20 seconds' + CASE o.status
            WHEN 'REJECTED' THEN make_interval(secs => o.accept_after)
            WHEN 'CANCELED' THEN make_interval(secs => o.accept_after + 30)
            ELSE interval '1 day 2 hours' END AS at,
       o.status <> 'COMPLETED' AS by_cancel,
       CASE o.status WHEN 'REJECTED' THEN 3 WHEN 'CANCELED' THEN 4 ELSE 6 END + 1 AS version
FROM seed_orders o JOIN payments p ON p.order_id = o.id
WHERE o.online AND (o.status <> 'COMPLETED' OR o.refund_next_day);
ANALYZE seed_refunds;

INSERT INTO refunds (id, payment_id, order_id, restaurant_id, amount, reason, method, idempotency_key,
                     by_restaurant_cancel, refunded_at)
SELECT gen_random_uuid(), payment_id, order_id, :'rid', amount, '벤치마크 환불', '카드',
       'seed-' || order_id, by_cancel, at
FROM seed_refunds WHERE at < now();

INSERT INTO seed_events (order_id, version, type, event, status, at, reaches)
SELECT r.order_id, r.version, 'order.refunded', 'OrderRefunded', o.status, r.at, true
FROM seed_refunds r JOIN seed_orders o ON o.id = r.order_id WHERE r.at < now();

UPDATE orders o SET version = r.version FROM seed_refunds r WHERE r.order_id = o.id AND r.at < now();

CREATE TEMP TABLE seed_order_json AS
SELECT l.order_id, t.total,
       jsonb_agg(jsonb_build_object('menu_item_id', l.menu_item_id, 'name', l.name, 'unit_price', l.price,
                                    'quantity', l.quantity) ORDER BY l.line_no) AS lines
FROM seed_lines l JOIN seed_totals t ON t.order_id = l.order_id GROUP BY l.order_id, t.total;
ANALYZE seed_order_json;

-- Feed positions in commit order: by time, then by order and version.
INSERT INTO order_events (event_id, order_id, restaurant_id, type, version, payload, created_at, feed_position)
SELECT gen_random_uuid(), e.order_id, :'rid', e.type, e.version,
       jsonb_build_object('type', e.type, 'event', e.event,
                          'order', jsonb_build_object('id', e.order_id, 'restaurant_id', :'rid', 'status', e.status,
                                                      'fulfillment', 'TAKEOUT', 'total', j.total,
                                                      'lines', j.lines),
                          'at', e.at),
       e.at,
       CASE WHEN e.reaches
            THEN coalesce((SELECT last_position FROM restaurant_feeds WHERE restaurant_id = :'rid'), 0)
                 + sum(CASE WHEN e.reaches THEN 1 ELSE 0 END) OVER (ORDER BY e.at, e.order_id, e.version)
            ELSE -nextval('order_events_seq_seq') END
FROM seed_events e JOIN seed_order_json j ON j.order_id = e.order_id
WHERE e.at < now();

INSERT INTO restaurant_feeds (restaurant_id, last_position)
SELECT :'rid', max(feed_position) FROM order_events WHERE restaurant_id = :'rid'
ON CONFLICT (restaurant_id) DO UPDATE SET last_position = excluded.last_position;

-- Set hint bits and the visibility map now, as autovacuum would have over a year, rather than on the first reads.
VACUUM (ANALYZE) orders;
VACUUM (ANALYZE) order_lines;
VACUUM (ANALYZE) order_events;
VACUUM (ANALYZE) payments;
VACUUM (ANALYZE) refunds;

SELECT count(*) AS orders, (SELECT count(*) FROM order_lines WHERE restaurant_id = :'rid') AS lines,
       (SELECT count(*) FROM order_events WHERE restaurant_id = :'rid') AS events,
       (SELECT count(*) FROM refunds WHERE restaurant_id = :'rid') AS refunds,
       min(created_at) AS first, max(created_at) AS last
FROM orders WHERE restaurant_id = :'rid';
