-- OrderSync schema, version 1: accounts, restaurants, menus, orders, the order event outbox, idempotency keys.
-- Every tenant-owned table carries restaurant_id so the schema can later be partitioned or distributed by restaurant.

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text        NOT NULL,
    name          text        NOT NULL,
    phone         text,
    role          text        NOT NULL CHECK (role IN ('CUSTOMER', 'OWNER', 'STAFF', 'ADMIN')),
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE restaurants (
    id              uuid PRIMARY KEY,
    name            text        NOT NULL,
    business_number text        NOT NULL CHECK (business_number ~ '^[0-9]{10}$'),
    phone           text,
    address         text,
    time_zone       text        NOT NULL,
    paused          boolean     NOT NULL,
    auto_accept     boolean     NOT NULL,
    prep_minutes    integer     NOT NULL CHECK (prep_minutes BETWEEN 1 AND 240),
    payment_mode    text        NOT NULL CHECK (payment_mode IN ('AT_COUNTER', 'ONLINE')),
    version         bigint      NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE restaurant_members (
    user_id       uuid        NOT NULL REFERENCES users (id),
    restaurant_id uuid        NOT NULL REFERENCES restaurants (id),
    role          text        NOT NULL CHECK (role IN ('OWNER', 'STAFF')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, restaurant_id)
);
CREATE INDEX restaurant_members_restaurant_idx ON restaurant_members (restaurant_id);

CREATE TABLE menu_categories (
    id            uuid PRIMARY KEY,
    restaurant_id uuid    NOT NULL REFERENCES restaurants (id),
    name          text    NOT NULL,
    position      integer NOT NULL
);
CREATE INDEX menu_categories_restaurant_idx ON menu_categories (restaurant_id);

CREATE TABLE menu_items (
    id            uuid PRIMARY KEY,
    restaurant_id uuid        NOT NULL REFERENCES restaurants (id),
    category_id   uuid REFERENCES menu_categories (id),
    name          text        NOT NULL,
    description   text,
    price         bigint      NOT NULL CHECK (price >= 0),
    available     boolean     NOT NULL,
    stock         integer CHECK (stock IS NULL OR stock >= 0),
    version       bigint      NOT NULL,
    removed_at    timestamptz,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX menu_items_restaurant_idx ON menu_items (restaurant_id) WHERE removed_at IS NULL;

CREATE TABLE orders (
    id               uuid PRIMARY KEY,
    restaurant_id    uuid        NOT NULL REFERENCES restaurants (id),
    business_day     date        NOT NULL,
    number           text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('AWAITING_PAYMENT', 'PLACED', 'ACCEPTED', 'PREPARING', 'READY',
                                                            'COMPLETED', 'REJECTED', 'CANCELED', 'EXPIRED')),
    version          bigint      NOT NULL,
    fulfillment      text        NOT NULL CHECK (fulfillment IN ('DINE_IN', 'TAKEOUT')),
    table_label      text,
    note             text,
    customer_user_id uuid REFERENCES users (id),
    customer_name    text,
    customer_phone   text,
    subtotal         bigint      NOT NULL CHECK (subtotal >= 0),
    discount         bigint      NOT NULL CHECK (discount >= 0),
    total            bigint      NOT NULL CHECK (total >= 0),
    prep_minutes     integer,
    ready_by         timestamptz,
    reason           text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (restaurant_id, business_day, number)
);
-- The order board: one restaurant's orders, newest first (ids are UUIDv7, so id order is creation order).
CREATE INDEX orders_restaurant_board_idx ON orders (restaurant_id, id DESC);
CREATE INDEX orders_customer_idx ON orders (customer_user_id) WHERE customer_user_id IS NOT NULL;

-- A snapshot of what was ordered at what price; menu_item_id deliberately has no foreign key.
CREATE TABLE order_lines (
    order_id     uuid    NOT NULL REFERENCES orders (id),
    line_no      integer NOT NULL,
    menu_item_id uuid    NOT NULL,
    name         text    NOT NULL,
    unit_price   bigint  NOT NULL CHECK (unit_price >= 0),
    quantity     integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    line_total   bigint  NOT NULL CHECK (line_total = unit_price * quantity),
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE order_counters (
    restaurant_id uuid    NOT NULL REFERENCES restaurants (id),
    business_day  date    NOT NULL,
    last_value    integer NOT NULL,
    PRIMARY KEY (restaurant_id, business_day)
);

-- The outbox: every order event, written in the transaction of the change it describes.
CREATE TABLE order_events (
    seq           bigserial PRIMARY KEY,
    event_id      uuid        NOT NULL UNIQUE,
    order_id      uuid        NOT NULL,
    restaurant_id uuid        NOT NULL,
    type          text        NOT NULL,
    version       bigint      NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    UNIQUE (order_id, version)
);
CREATE INDEX order_events_restaurant_idx ON order_events (restaurant_id, seq);

-- Idempotency-Key records: the response a creating POST gave, replayed for 24 hours.
CREATE TABLE idempotency_keys (
    scope           text        NOT NULL,
    key             text        NOT NULL,
    request_hash    bytea       NOT NULL,
    status          integer     NOT NULL,
    response        bytea       NOT NULL,
    order_token_for uuid,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
