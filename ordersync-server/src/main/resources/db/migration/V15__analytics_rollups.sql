-- Sales analytics and owner reports (decision 0043-analytics-rollups). The rollups are a cache of the raw orders,
-- payments and order events: a job recomputes whole hours and days from the raw rows for every order whose events it
-- has not yet read (per restaurant, by feed position), and a query reads the rollups for everything up to that
-- position and the raw rows of the hours and days touched since. Refunds are read raw (by refunded_at, indexed).

-- The raw side of every query: one restaurant's orders by the time they were placed.
CREATE INDEX orders_restaurant_created_idx ON orders (restaurant_id, created_at);

-- One restaurant's orders per UTC hour of their placement (orders.created_at).
CREATE TABLE analytics_hourly (
    restaurant_id uuid        NOT NULL REFERENCES restaurants (id),
    hour          timestamptz NOT NULL,
    orders        integer     NOT NULL CHECK (orders >= 0),
    canceled      integer     NOT NULL CHECK (canceled >= 0),
    rejected      integer     NOT NULL CHECK (rejected >= 0),
    sales         integer     NOT NULL CHECK (sales >= 0),
    gross         bigint      NOT NULL CHECK (gross >= 0),
    PRIMARY KEY (restaurant_id, hour)
);

-- What was sold per local day (the restaurant's time zone) of placement, per menu item.
CREATE TABLE analytics_daily_items (
    restaurant_id uuid    NOT NULL REFERENCES restaurants (id),
    day           date    NOT NULL,
    menu_item_id  uuid    NOT NULL,
    name          text    NOT NULL,
    quantity      integer NOT NULL CHECK (quantity >= 0),
    revenue       bigint  NOT NULL CHECK (revenue >= 0),
    PRIMARY KEY (restaurant_id, day, menu_item_id)
);

-- How long the kitchen's stages took, per local day of placement: a histogram (bucket = lower edge in seconds,
-- width seconds) with the exact sum, for the average and the 90th percentile.
CREATE TABLE analytics_daily_stages (
    restaurant_id uuid    NOT NULL REFERENCES restaurants (id),
    day           date    NOT NULL,
    stage         text    NOT NULL CHECK (stage IN ('placed_to_accepted', 'accepted_to_ready')),
    bucket        integer NOT NULL CHECK (bucket >= 0),
    width         integer NOT NULL CHECK (width > 0),
    count         integer NOT NULL CHECK (count >= 0),
    sum_ms        bigint  NOT NULL,
    PRIMARY KEY (restaurant_id, day, stage, bucket)
);

-- How far the rollups of a restaurant have read its feed (order_events.feed_position), and in which time zone its
-- daily rows were cut.
CREATE TABLE analytics_cursors (
    restaurant_id uuid        PRIMARY KEY REFERENCES restaurants (id),
    position      bigint      NOT NULL,
    time_zone     text        NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- The owner's choice of report emails (no row: both on).
CREATE TABLE report_settings (
    restaurant_id uuid    PRIMARY KEY REFERENCES restaurants (id),
    daily_report  boolean NOT NULL,
    weekly_report boolean NOT NULL
);

-- Each report taken on once (per restaurant, kind and period), in the transaction that records its email.
CREATE TABLE report_runs (
    restaurant_id uuid        NOT NULL REFERENCES restaurants (id),
    kind          text        NOT NULL CHECK (kind IN ('DAILY_REPORT', 'WEEKLY_REPORT')),
    period        date        NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (restaurant_id, kind, period)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['analytics_hourly', 'analytics_daily_items', 'analytics_daily_stages', 'analytics_cursors',
                             'report_settings', 'report_runs']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I'
                           ' USING (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())'
                           ' WITH CHECK (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())', t);
    END LOOP;
END
$$;
