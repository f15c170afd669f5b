-- What the notifications send (branch notify-messages): a guest's consent to texts about their order, each
-- restaurant's choice of which order changes text its guests, and the places (devices and addresses) each account
-- has logged in from, so that a login from somewhere new is emailed to the account's owner.

-- Never true without a phone; erasing the order's customer data sets it back to false.
ALTER TABLE orders ADD COLUMN customer_sms_consent boolean NOT NULL DEFAULT false;

ALTER TABLE restaurants ADD COLUMN guest_texts text[] NOT NULL DEFAULT '{accepted,ready}';
ALTER TABLE restaurants ADD CONSTRAINT restaurants_guest_texts_known
    CHECK (guest_texts <@ ARRAY['accepted', 'ready', 'rejected', 'canceled', 'refunded']::text[]);

-- A place is kept only as a keyed blind index (HMAC-SHA256 under the column's own key) of the account and the
-- device id or the address: it can be matched, never read back. Deleted with the account's erasure.
CREATE TABLE known_login_places (
    user_id     uuid        NOT NULL REFERENCES users (id),
    kind        text        NOT NULL CHECK (kind IN ('device', 'address')),
    place_index bytea       NOT NULL,
    first_seen  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL,
    PRIMARY KEY (user_id, kind, place_index)
);
