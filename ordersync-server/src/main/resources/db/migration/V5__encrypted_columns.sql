-- Column encryption (ordersync-crypto): personal and business data get ciphertext columns bound to table, column and
-- row; the email gets a blind index for log-in. V6 (a Java migration, it needs the keys) moves existing plaintext into
-- them and drops the plaintext columns.

CREATE TABLE subject_keys (
    subject_id  text PRIMARY KEY,
    wrapped_key bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rewrap_checkpoints (
    name       text PRIMARY KEY,
    cursor     text,
    updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE users
    ADD COLUMN email_ct   bytea,
    ADD COLUMN email_bidx bytea,
    ADD COLUMN name_ct    bytea,
    ADD COLUMN phone_ct   bytea;

ALTER TABLE restaurants
    ADD COLUMN business_number_ct bytea,
    ADD COLUMN phone_ct           bytea,
    ADD COLUMN address_ct         bytea;

ALTER TABLE orders
    ADD COLUMN customer_name_ct  bytea,
    ADD COLUMN customer_phone_ct bytea,
    ADD COLUMN note_ct           bytea;
