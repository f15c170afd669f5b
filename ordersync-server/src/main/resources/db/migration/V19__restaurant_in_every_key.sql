-- Issue 22, "Past one database": every table of a restaurant has the restaurant's id in a unique key, so that the
-- schema can be distributed by restaurant_id (docs/scaling.md, DistributionReadinessTest). The seven tables below had
-- only PRIMARY KEY (id) or (order_id, line_no).
--
-- Each gains UNIQUE (restaurant_id, id), or (restaurant_id, order_id, line_no) for order_lines, beside its existing
-- key; the primary keys are left as they are (the foreign keys that point at them, e.g. menu_items.category_id,
-- refunds.payment_id, are unchanged). order_lines has had restaurant_id NOT NULL since V3 (backfilled from orders),
-- every INSERT writes it, and it is under the tenant_wall policy like its siblings since V3, as are the menu tables
-- (V3, V4) and payments and refunds (V10): no row level security change here.
--
-- The new unique indexes also serve the order path's statements, which now name restaurant_id beside the id.

ALTER TABLE menu_categories ADD CONSTRAINT menu_categories_restaurant_id_id_key UNIQUE (restaurant_id, id);
ALTER TABLE menu_items      ADD CONSTRAINT menu_items_restaurant_id_id_key      UNIQUE (restaurant_id, id);
ALTER TABLE option_groups   ADD CONSTRAINT option_groups_restaurant_id_id_key   UNIQUE (restaurant_id, id);
ALTER TABLE price_rules     ADD CONSTRAINT price_rules_restaurant_id_id_key     UNIQUE (restaurant_id, id);
ALTER TABLE payments        ADD CONSTRAINT payments_restaurant_id_id_key        UNIQUE (restaurant_id, id);
ALTER TABLE refunds         ADD CONSTRAINT refunds_restaurant_id_id_key         UNIQUE (restaurant_id, id);
ALTER TABLE order_lines     ADD CONSTRAINT order_lines_restaurant_id_order_id_line_no_key
    UNIQUE (restaurant_id, order_id, line_no);

-- The webhook tables (V17) have restaurant_id, under the tenant_wall policy, but only PRIMARY KEY (id): the same.
ALTER TABLE webhook_endpoints  ADD CONSTRAINT webhook_endpoints_restaurant_id_id_key  UNIQUE (restaurant_id, id);
ALTER TABLE webhook_events     ADD CONSTRAINT webhook_events_restaurant_id_id_key     UNIQUE (restaurant_id, id);
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_restaurant_id_id_key UNIQUE (restaurant_id, id);
