-- Online payments through Toss Payments (decision 0014). One payment record per order and one per Toss payment key,
-- so a double tap, a retried request and a webhook can only ever converge on a single row. No card data is stored:
-- Toss holds it; this keeps the payment key, how it was paid, the amounts and the status.

CREATE TABLE payments (
    id            uuid PRIMARY KEY,
    order_id      uuid        NOT NULL UNIQUE REFERENCES orders (id),
    restaurant_id uuid        NOT NULL REFERENCES restaurants (id),
    payment_key   text        NOT NULL UNIQUE CHECK (length(payment_key) BETWEEN 1 AND 200),
    status        text        NOT NULL CHECK (status IN ('CONFIRMING', 'DECLINED', 'DONE', 'PARTIAL_CANCELED', 'CANCELED')),
    method        text,
    amount        bigint      NOT NULL CHECK (amount >= 0),
    balance       bigint      NOT NULL CHECK (balance >= 0 AND balance <= amount),
    attempts      integer     NOT NULL CHECK (attempts >= 0),
    approved_at   timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
-- Confirms that went unanswered, for the sweep that settles them by a look-up.
CREATE INDEX payments_confirming_idx ON payments (updated_at) WHERE status = 'CONFIRMING';
-- The settlement of a day: a restaurant's payments by approval time.
CREATE INDEX payments_settlement_idx ON payments (restaurant_id, approved_at);

CREATE TABLE refunds (
    id                    uuid PRIMARY KEY,
    payment_id            uuid        NOT NULL REFERENCES payments (id),
    order_id              uuid        NOT NULL REFERENCES orders (id),
    restaurant_id         uuid        NOT NULL REFERENCES restaurants (id),
    amount                bigint      NOT NULL CHECK (amount > 0),
    reason                text        NOT NULL,
    method                text,
    idempotency_key       text        NOT NULL UNIQUE,
    by_restaurant_cancel  boolean     NOT NULL,
    refunded_at           timestamptz NOT NULL
);
CREATE INDEX refunds_settlement_idx ON refunds (restaurant_id, refunded_at);
CREATE INDEX refunds_order_idx ON refunds (order_id);

-- Orders waiting for their payment, for the expiry sweep.
CREATE INDEX orders_awaiting_payment_idx ON orders (created_at) WHERE status = 'AWAITING_PAYMENT';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['payments', 'refunds']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I'
                           ' USING (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())'
                           ' WITH CHECK (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())', t);
    END LOOP;
END
$$;
