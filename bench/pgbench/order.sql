-- One order per transaction, synchronous commit: the rows the server writes for an order with three lines, two of
-- them counted stock, an anonymous customer with a subject key, an outbox event, an idempotency record, an audit record.
\set r random(0, 7)
\set a random(0, 5) * 8 + :r
\set b random(6, 11) * 8 + :r
BEGIN;
SELECT gen_random_uuid() AS oid, gen_random_uuid() AS kid \gset
UPDATE ceiling.menu_items SET stock = stock - 2 WHERE id = :a AND stock >= 2;
UPDATE ceiling.menu_items SET stock = stock - 1 WHERE id = :b AND stock >= 1;
INSERT INTO ceiling.order_counters VALUES (:r, current_date, 1) ON CONFLICT (restaurant_id, business_day)
  DO UPDATE SET last_value = ceiling.order_counters.last_value + 1 RETURNING last_value AS n \gset
INSERT INTO ceiling.subject_keys (subject_id, wrapped_key) VALUES ('order:' || :oid, gen_random_bytes(80));
INSERT INTO ceiling.orders VALUES (:oid, :r, current_date, 'A-' || :n, 'PLACED', 1, 'TAKEOUT', NULL, NULL, NULL,
  gen_random_bytes(60), gen_random_bytes(60), 45000, 0, 45000, NULL, NULL, NULL, now(), now());
INSERT INTO ceiling.order_lines VALUES (:oid, 1, :a, 'Dish', 18000, 2, 36000, '[{"name":"Large","price_delta":2000}]'),
  (:oid, 2, :b, 'Dish', 4500, 1, 4500, '[]'), (:oid, 3, 5, 'Dish', 4500, 1, 4500, '[]');
INSERT INTO ceiling.order_events (event_id, order_id, restaurant_id, type, version, payload, created_at)
  VALUES (gen_random_uuid(), :oid, :r, 'order.created', 1, ('{"order_id":"' || :oid || '","total":45000,"status":"PLACED","items":[1,2,3]}')::jsonb, now());
INSERT INTO ceiling.idempotency_keys VALUES ('anonymous', :kid, gen_random_bytes(32), 201, gen_random_bytes(700), now());
INSERT INTO ceiling.audit_pending (time, action, entity_type, entity_id, actor_id, payload)
  VALUES (now(), 'ORDER_CREATED', 'order', :oid, NULL, gen_random_bytes(400));
COMMIT;
