-- Outbound webhooks (issue 21, decision 0045-webhooks): a restaurant's endpoints, the events that happened to it,
-- and one delivery per (endpoint, event).
--
-- Endpoints: the URL and the signing secrets are business data, stored encrypted (Columns, bound to table, column
-- and row); the previous secret stays valid (and signs too) until previous_secret_until after a rotation.
-- status: enabled, or disabled (failing for the whole failure window, or by nobody: only the dispatcher disables;
-- the owner enables again). failing_since: the first failure of the current run of failures, cleared by a success.
CREATE TABLE webhook_endpoints (
    id                      uuid PRIMARY KEY,
    restaurant_id           uuid        NOT NULL REFERENCES restaurants (id),
    url_ct                  bytea       NOT NULL,
    secret_ct               bytea       NOT NULL,
    previous_secret_ct      bytea,
    previous_secret_until   timestamptz,
    events                  text[]      NOT NULL,
    status                  text        NOT NULL CHECK (status IN ('enabled', 'disabled')),
    failing_since           timestamptz,
    disabled_at             timestamptz,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    deleted_at              timestamptz
);
CREATE INDEX webhook_endpoints_restaurant_idx ON webhook_endpoints (restaurant_id) WHERE deleted_at IS NULL;

-- Events: written in the transaction of the change (only when the restaurant has an endpoint that wants its
-- type), the body exactly as delivered ({id, type, created_at, data}), encrypted under the subject whose personal
-- data it may carry (the order's customer), so erasing them shreds it. The same id on every retry and replay.
CREATE TABLE webhook_events (
    id              uuid PRIMARY KEY,
    restaurant_id   uuid        NOT NULL,
    type            text        NOT NULL,
    subject_key     text,
    body_ct         bytea       NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX webhook_events_restaurant_idx ON webhook_events (restaurant_id, created_at);

-- Deliveries: pending (waiting, or leased to a dispatcher: lease_owner, lease_until), delivered, failed (the
-- retry window ran out or the endpoint was disabled), dropped (the body can no longer be read: its subject was
-- erased; or the endpoint was deleted). Replays make a row pending again.
CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY,
    endpoint_id      uuid        NOT NULL REFERENCES webhook_endpoints (id),
    event_id         uuid        NOT NULL REFERENCES webhook_events (id),
    restaurant_id    uuid        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'dropped')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    lease_owner      text,
    lease_until      timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    delivered_at     timestamptz,
    CONSTRAINT webhook_deliveries_once UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id DESC);

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON webhook_endpoints
    USING (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())
    WITH CHECK (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant());
ALTER TABLE webhook_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON webhook_events
    USING (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())
    WITH CHECK (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant());
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON webhook_deliveries
    USING (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())
    WITH CHECK (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant());
