-- A year of analytics in one read (decision 0043-analytics-rollups, docs/benchmarks.md): the stage histograms summed
-- per local month as well as per day, so a year is about 24 histograms instead of 365 x 2; and the refunds of a range
-- summed from an index alone.

-- How long the kitchen's stages took, per local month (its first day) of placement: the sum of that month's
-- analytics_daily_stages rows, recomputed by the rollup job from them whenever it recomputes one of the month's days.
CREATE TABLE analytics_monthly_stages (
    restaurant_id uuid    NOT NULL REFERENCES restaurants (id),
    month         date    NOT NULL CHECK (extract(day FROM month) = 1),
    stage         text    NOT NULL CHECK (stage IN ('placed_to_accepted', 'accepted_to_ready')),
    bucket        integer NOT NULL CHECK (bucket >= 0),
    width         integer NOT NULL CHECK (width > 0),
    count         bigint  NOT NULL CHECK (count >= 0),
    sum_ms        bigint  NOT NULL,
    PRIMARY KEY (restaurant_id, month, stage, bucket)
);

INSERT INTO analytics_monthly_stages (restaurant_id, month, stage, bucket, width, count, sum_ms)
SELECT restaurant_id, date_trunc('month', day)::date, stage, bucket, width, sum(count), sum(sum_ms)
FROM analytics_daily_stages
GROUP BY restaurant_id, date_trunc('month', day)::date, stage, bucket, width;

ALTER TABLE analytics_monthly_stages ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_monthly_stages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON analytics_monthly_stages
    USING (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())
    WITH CHECK (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant());

-- The analytics' refunds (every refund but that of a payment that came after its order expired, Ledger's
-- 'expired-<order id>' key), read from the index alone: a year of refunds without a visit to the table.
CREATE INDEX refunds_analytics_idx ON refunds (restaurant_id, refunded_at) INCLUDE (amount)
    WHERE idempotency_key <> 'expired-' || order_id::text;
