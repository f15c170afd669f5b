-- Row level security: a second wall between tenants behind the application's own checks. When a unit of work acts for
-- a restaurant (set_config('ordersync.restaurant_id', <id>, true) by the tenant wall), rows of every other restaurant
-- are invisible and cannot be written. Units of work that act for no restaurant (a customer placing or reading an
-- order, public menus, sign-in) leave the setting empty and are bounded by their own queries.
--
-- Policies never apply to superusers or to a table's owner, so the server runs its statements as the role
-- ordersync_app (SET ROLE after connecting) when it can, and the tables FORCE row level security otherwise.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ordersync_app') THEN
        CREATE ROLE ordersync_app NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object THEN NULL;        -- another database of the same cluster created it meanwhile
    WHEN insufficient_privilege THEN NULL;  -- a login without CREATEROLE: FORCE ROW LEVEL SECURITY still applies
END
$$;

ALTER TABLE order_lines ADD COLUMN restaurant_id uuid;
UPDATE order_lines l SET restaurant_id = o.restaurant_id FROM orders o WHERE o.id = l.order_id;
ALTER TABLE order_lines ALTER COLUMN restaurant_id SET NOT NULL;

CREATE FUNCTION ordersync_tenant() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('ordersync.restaurant_id', true), '')::uuid $$;

ALTER TABLE restaurants ENABLE ROW LEVEL SECURITY;
ALTER TABLE restaurants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON restaurants
    USING (ordersync_tenant() IS NULL OR id = ordersync_tenant())
    WITH CHECK (ordersync_tenant() IS NULL OR id = ordersync_tenant());

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['restaurant_members', 'menu_categories', 'menu_items', 'orders', 'order_lines',
                             'order_counters', 'order_events']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I'
                           ' USING (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())'
                           ' WITH CHECK (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())', t);
    END LOOP;
END
$$;
