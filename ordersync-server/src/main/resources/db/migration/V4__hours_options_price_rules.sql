-- Restaurant operations: opening hours (weekly ranges, holidays, closures, as JSON), an order number prefix, option
-- groups per menu item, time-bound price rules, and the snapshot of options and price rule on each order line.

ALTER TABLE restaurants
    ADD COLUMN opening_hours jsonb NOT NULL DEFAULT '{"weekly": [], "holidays": [], "closures": []}',
    ADD COLUMN order_prefix  text CHECK (order_prefix ~ '^[A-Z]{1,3}$');

CREATE TABLE option_groups (
    id            uuid PRIMARY KEY,
    restaurant_id uuid    NOT NULL REFERENCES restaurants (id),
    item_id       uuid    NOT NULL REFERENCES menu_items (id),
    name          text    NOT NULL,
    min_choices   integer NOT NULL CHECK (min_choices >= 0),
    max_choices   integer NOT NULL CHECK (max_choices >= 1 AND max_choices >= min_choices),
    position      integer NOT NULL,
    options       jsonb   NOT NULL
);
CREATE INDEX option_groups_item_idx ON option_groups (restaurant_id, item_id);

CREATE TABLE price_rules (
    id            uuid PRIMARY KEY,
    restaurant_id uuid    NOT NULL REFERENCES restaurants (id),
    name          text    NOT NULL,
    kind          text    NOT NULL CHECK (kind IN ('PERCENT_OFF', 'AMOUNT_OFF', 'SET_PRICE')),
    value         bigint  NOT NULL CHECK (value >= 0),
    days          text[]  NOT NULL,
    from_time     time    NOT NULL,
    to_time       time    NOT NULL,
    priority      integer NOT NULL,
    item_ids      uuid[]  NOT NULL,
    category_ids  uuid[]  NOT NULL
);
CREATE INDEX price_rules_restaurant_idx ON price_rules (restaurant_id);

ALTER TABLE order_lines
    ADD COLUMN base_price      bigint,
    ADD COLUMN options         jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN price_rule_id   uuid,
    ADD COLUMN price_rule_name text;
UPDATE order_lines SET base_price = unit_price WHERE base_price IS NULL;
ALTER TABLE order_lines ALTER COLUMN base_price SET NOT NULL;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['option_groups', 'price_rules']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I'
                           ' USING (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())'
                           ' WITH CHECK (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())', t);
    END LOOP;
END
$$;

ALTER TABLE menu_items ADD COLUMN image_url text;
