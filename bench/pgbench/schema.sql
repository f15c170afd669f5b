-- The database ceiling (bench/run.sh): tables shaped like the rows one order writes (ordersync-server's migrations),
-- in a schema of their own in the bench database, so pgbench writes what the server writes without its logic.
DROP SCHEMA IF EXISTS ceiling CASCADE;
CREATE SCHEMA ceiling;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TABLE ceiling.order_counters (restaurant_id int, business_day date, last_value int NOT NULL,
  PRIMARY KEY (restaurant_id, business_day));
CREATE TABLE ceiling.menu_items (id int PRIMARY KEY, restaurant_id int NOT NULL, price bigint NOT NULL, stock int);
INSERT INTO ceiling.menu_items SELECT i, i % 8, 3000 + i * 100, 100000000 FROM generate_series(0, 95) i;
CREATE TABLE ceiling.orders (id uuid PRIMARY KEY, restaurant_id int NOT NULL, business_day date NOT NULL,
  number text NOT NULL, status text NOT NULL, version bigint NOT NULL, fulfillment text NOT NULL, table_label text,
  note bytea, customer_user_id uuid, customer_name bytea, customer_phone bytea, subtotal bigint NOT NULL,
  discount bigint NOT NULL, total bigint NOT NULL, prep_minutes int, ready_by timestamptz, reason text,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, UNIQUE (restaurant_id, business_day, number));
CREATE INDEX ON ceiling.orders (restaurant_id, id DESC);
CREATE TABLE ceiling.order_lines (order_id uuid NOT NULL REFERENCES ceiling.orders (id), line_no int NOT NULL,
  menu_item_id int NOT NULL, name text NOT NULL, unit_price bigint NOT NULL, quantity int NOT NULL,
  line_total bigint NOT NULL, options jsonb, PRIMARY KEY (order_id, line_no));
CREATE TABLE ceiling.order_events (seq bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, order_id uuid NOT NULL,
  restaurant_id int NOT NULL, type text NOT NULL, version bigint NOT NULL, payload jsonb NOT NULL,
  created_at timestamptz NOT NULL, UNIQUE (order_id, version));
CREATE TABLE ceiling.idempotency_keys (scope text, key text, request_hash bytea NOT NULL, status int NOT NULL,
  response bytea NOT NULL, created_at timestamptz NOT NULL, PRIMARY KEY (scope, key));
CREATE TABLE ceiling.subject_keys (subject_id text PRIMARY KEY, wrapped_key bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE ceiling.audit_pending (pending_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, commit_ticket bigint,
  time timestamptz NOT NULL, action text NOT NULL, entity_type text, entity_id text, actor_id text, payload bytea);
CREATE SEQUENCE ceiling.audit_commit_ticket;
CREATE FUNCTION ceiling.take_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ceiling.audit_pending SET commit_ticket = nextval('ceiling.audit_commit_ticket') WHERE pending_id = NEW.pending_id;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER take_ticket AFTER INSERT ON ceiling.audit_pending DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ceiling.take_ticket();
