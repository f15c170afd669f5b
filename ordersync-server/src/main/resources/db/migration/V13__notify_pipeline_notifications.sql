-- Notifications to send (issue 19, decision 42): written in the transaction of the change that
-- causes them (PostgresNotificationOutbox), delivered afterwards by the dispatcher of every instance.
--
-- One row per (source, channel, recipient): the recipient is stored encrypted under its subject's key (an order's
-- guest or a user, subject_key as in subject_keys), so erasing the subject shreds it, with a keyed blind index of it
-- (128 bits, no truncation collisions) for the unique key. Title and body are encrypted too: a security email names
-- addresses and devices.
--
-- States: pending (waiting, or leased to a dispatcher that is about to send it), sending (committed right before the
-- provider is called), sent, unknown (the provider may or may not have it: a timeout after sending, or the sender died
-- between send and mark; never resent by itself), failed (dead letter: refused, or retries ran out), dropped (never
-- to be sent: its subject was erased, or its channel is off).
CREATE TABLE notifications (
    id                  uuid PRIMARY KEY,
    source_id           text        NOT NULL,
    kind                text        NOT NULL,
    channel             text        NOT NULL CHECK (channel IN ('SMS', 'EMAIL')),
    restaurant_id       uuid,
    subject_id          uuid        NOT NULL,
    subject_key         text        NOT NULL,
    recipient_ct        bytea,
    recipient_bidx      bytea       NOT NULL,
    title_ct            bytea,
    body_ct             bytea,
    status              text        NOT NULL
        CHECK (status IN ('pending', 'sending', 'sent', 'unknown', 'failed', 'dropped')),
    attempts            integer     NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    lease_owner         text,
    lease_until         timestamptz,
    last_code           text,
    last_detail         text,
    provider_message_id text,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    sent_at             timestamptz,
    CONSTRAINT notifications_once UNIQUE (source_id, channel, recipient_bidx)
);

-- What a dispatcher claims: due pending rows of its channel, oldest due first.
CREATE INDEX notifications_due_idx ON notifications (channel, next_attempt_at) WHERE status = 'pending';
-- Rows whose sender may have died.
CREATE INDEX notifications_sending_idx ON notifications (lease_until) WHERE status = 'sending';
-- Erasure finds a subject's rows; the admin list pages by status, newest first (ids are UUIDv7).
CREATE INDEX notifications_subject_idx ON notifications (subject_id);
CREATE INDEX notifications_subject_key_idx ON notifications (subject_key);
CREATE INDEX notifications_status_idx ON notifications (status, id DESC);

-- The tenant wall: a unit of work acting for a restaurant sees and writes only its rows; a message about no restaurant
-- (an account's security email) may still be recorded from such a unit of work. The dispatcher and the admin views
-- act for no restaurant.
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON notifications
    USING (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())
    WITH CHECK (ordersync_tenant() IS NULL OR restaurant_id IS NULL OR restaurant_id = ordersync_tenant());
