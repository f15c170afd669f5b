package dev.ordersync.audit.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PostgreSQL side of the audit trail: its DDL and the statements the library runs, for one
 * schema. Everything is written for PostgreSQL 14 or newer (partitioned tables with row triggers,
 * GENERATED identity columns).
 */
public final class PostgresSchema {
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** The columns a record has in both tables, in canonical order. */
  public static final String RECORD_COLUMNS =
      "id, time, actor_kind, actor_id, actor_role, actor_restaurant, action, entity_type, entity_id,"
          + " request_id, trace_id, client_address, old_value, new_value";

  private final String s;

  public PostgresSchema(String schema) {
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "a schema name is lower-case letters, digits and _: " + schema);
    }
    this.s = schema;
  }

  public String name() {
    return s;
  }

  /** Idempotent DDL, run in order in one transaction. */
  public List<String> ddl() {
    return Stream.of(
            schemaAndGuard(),
            pendingTable(),
            logTable(),
            checkpointTable(),
            partitions(),
            revokes())
        .flatMap(List::stream)
        .toList();
  }

  /** The schema, and the function every append-only guard raises from. */
  private List<String> schemaAndGuard() {
    return List.of(
        "CREATE SCHEMA IF NOT EXISTS " + s,
        // Raised by every trigger that guards the append-only tables. SQLSTATE 42501 is
        // insufficient_privilege,
        // which is what it is, whoever asks.
        "CREATE OR REPLACE FUNCTION "
            + s
            + ".audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            + "BEGIN\n"
            + "  RAISE EXCEPTION 'the audit trail is append-only: % on %.% refused', TG_OP, TG_TABLE_SCHEMA,"
            + " TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';\n"
            + "END $$");
  }

  /** The table records are appended to, and the commit ticket that orders them. */
  private List<String> pendingTable() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".audit_pending (\n"
            + "  pending_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
            + "  commit_ticket bigint,\n"
            + recordColumnDefinitions()
            + ")",
        "CREATE SEQUENCE IF NOT EXISTS " + s + ".audit_commit_ticket",
        // The commit ticket: taken by a deferred trigger, so at COMMIT of the appending
        // transaction, not at INSERT.
        // The sealer orders by it; see the README on why that is commit order as far as anyone can
        // observe.
        "CREATE OR REPLACE FUNCTION "
            + s
            + ".audit_take_commit_ticket() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            + "BEGIN\n"
            + "  UPDATE "
            + s
            + ".audit_pending SET commit_ticket = nextval('"
            + s
            + ".audit_commit_ticket')"
            + " WHERE pending_id = NEW.pending_id;\n"
            + "  RETURN NULL;\n"
            + "END $$",
        ifNoTrigger(
            "audit_pending_commit_ticket",
            "audit_pending",
            "CREATE CONSTRAINT TRIGGER audit_pending_commit_ticket AFTER INSERT ON "
                + s
                + ".audit_pending"
                + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
                + s
                + ".audit_take_commit_ticket()"));
  }

  /** The sealed log: partitioned by month, indexed for the questions asked of it, append-only. */
  private List<String> logTable() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".audit_log (\n"
            + "  sequence bigint NOT NULL,\n"
            + recordColumnDefinitions()
            + ",\n  prev_hash bytea NOT NULL,\n"
            + "  hash bytea NOT NULL,\n"
            + "  PRIMARY KEY (sequence, time)\n"
            + ") PARTITION BY RANGE (time)",
        "CREATE INDEX IF NOT EXISTS audit_log_entity ON "
            + s
            + ".audit_log (entity_type, entity_id, sequence)",
        "CREATE INDEX IF NOT EXISTS audit_log_actor ON " + s + ".audit_log (actor_id, sequence)",
        "CREATE INDEX IF NOT EXISTS audit_log_restaurant ON "
            + s
            + ".audit_log (actor_restaurant, sequence)",
        "CREATE INDEX IF NOT EXISTS audit_log_action ON " + s + ".audit_log (action, sequence)",
        "CREATE INDEX IF NOT EXISTS audit_log_time ON " + s + ".audit_log (time)",
        ifNoTrigger(
            "audit_log_append_only",
            "audit_log",
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "
                + s
                + ".audit_log"
                + " FOR EACH ROW EXECUTE FUNCTION "
                + s
                + ".audit_refuse_change()"),
        // Statement triggers are not cloned to partitions, so each partition gets its own (see
        // ensure_partitions).
        ifNoTrigger(
            "audit_log_no_truncate",
            "audit_log",
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "
                + s
                + ".audit_log"
                + " FOR EACH STATEMENT EXECUTE FUNCTION "
                + s
                + ".audit_refuse_change()"));
  }

  /** The signed checkpoints, append-only. */
  private List<String> checkpointTable() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".audit_checkpoint (\n"
            + "  tree_size bigint PRIMARY KEY,\n"
            + "  root_hash bytea NOT NULL,\n"
            + "  frontier bytea NOT NULL,\n"
            + "  note text NOT NULL,\n"
            + "  created_at timestamptz NOT NULL DEFAULT now()\n"
            + ")",
        ifNoTrigger(
            "audit_checkpoint_append_only",
            "audit_checkpoint",
            "CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON "
                + s
                + ".audit_checkpoint"
                + " FOR EACH ROW EXECUTE FUNCTION "
                + s
                + ".audit_refuse_change()"),
        ifNoTrigger(
            "audit_checkpoint_no_truncate",
            "audit_checkpoint",
            "CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON "
                + s
                + ".audit_checkpoint"
                + " FOR EACH STATEMENT EXECUTE FUNCTION "
                + s
                + ".audit_refuse_change()"));
  }

  /** The function that makes months of the log's partitions, each with its truncate guard. */
  private List<String> partitions() {
    return List.of(
        // SECURITY DEFINER: the application role may create next month's partition without owning
        // the log (an
        // owner could drop its triggers). The fixed search_path and time zone make it safe and the
        // bounds UTC.
        "CREATE OR REPLACE FUNCTION "
            + s
            + ".audit_ensure_partitions(first_month date, months_ahead integer)"
            + " RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
            + " SET timezone = 'UTC' AS $$\n"
            + "DECLARE\n"
            + "  m date;\n"
            + "  part text;\n"
            + "  created integer := 0;\n"
            + "BEGIN\n"
            + "  IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 OR first_month IS NULL THEN\n"
            + "    RAISE EXCEPTION 'months_ahead is 0 to 120' USING ERRCODE = 'invalid_parameter_value';\n"
            + "  END IF;\n"
            + "  PERFORM pg_advisory_xact_lock(hashtext('"
            + s
            + ".audit_log partitions'));\n"
            + "  FOR i IN 0..months_ahead LOOP\n"
            + "    m := (date_trunc('month', first_month::timestamp) + make_interval(months => i))::date;\n"
            + "    part := 'audit_log_' || to_char(m, 'YYYY_MM');\n"
            + "    IF to_regclass(format('%I.%I', '"
            + s
            + "', part)) IS NULL THEN\n"
            + "      EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.audit_log FOR VALUES FROM (%L) TO (%L)',\n"
            + "        '"
            + s
            + "', part, '"
            + s
            + "', m::timestamptz, (m + interval '1 month')::timestamptz);\n"
            + "      EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %I.%I"
            + " FOR EACH STATEMENT EXECUTE FUNCTION %I.audit_refuse_change()', '"
            + s
            + "', part, '"
            + s
            + "');\n"
            + "      created := created + 1;\n"
            + "    END IF;\n"
            + "  END LOOP;\n"
            + "  RETURN created;\n"
            + "END $$");
  }

  /**
   * Nothing of the trail is anyone's by default; {@link #grants} gives the application its share.
   */
  private List<String> revokes() {
    return List.of(
        "REVOKE ALL ON FUNCTION " + s + ".audit_ensure_partitions(date, integer) FROM PUBLIC",
        "REVOKE ALL ON "
            + s
            + ".audit_log, "
            + s
            + ".audit_checkpoint, "
            + s
            + ".audit_pending FROM PUBLIC");
  }

  /**
   * The privileges of the application role: what it needs to append, seal and read, and nothing
   * that rewrites.
   */
  public List<String> grants(String role) {
    String r = quoteIdent(role);
    return List.of(
        "GRANT USAGE ON SCHEMA " + s + " TO " + r,
        // Revoke first, so that running this again also takes back anything granted by hand since.
        "REVOKE ALL ON "
            + s
            + ".audit_log, "
            + s
            + ".audit_checkpoint, "
            + s
            + ".audit_pending FROM "
            + r,
        "GRANT SELECT, INSERT ON " + s + ".audit_log, " + s + ".audit_checkpoint TO " + r,
        // The pending table is not evidence yet: the sealer, running as this role, moves rows out
        // of it.
        "GRANT SELECT, INSERT, DELETE ON " + s + ".audit_pending TO " + r,
        "GRANT UPDATE (commit_ticket) ON " + s + ".audit_pending TO " + r,
        "GRANT USAGE ON SEQUENCE " + s + ".audit_commit_ticket TO " + r,
        "GRANT EXECUTE ON FUNCTION " + s + ".audit_ensure_partitions(date, integer) TO " + r);
  }

  public String installLock() {
    return "SELECT pg_advisory_xact_lock(hashtext('" + s + ".audit install'))";
  }

  public String ensurePartitions() {
    return "SELECT " + s + ".audit_ensure_partitions(?, ?)";
  }

  public String insertPending() {
    return "INSERT INTO "
        + s
        + ".audit_pending ("
        + RECORD_COLUMNS
        + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  /**
   * An install beside running appenders (a second server instance starting) takes the pending table
   * before it replaces the commit-ticket function: an appender holds the table from its INSERT and
   * takes the function at commit (the deferred trigger), so replacing the function first and then
   * touching the table deadlocked with it. In-flight appenders finish first, new ones wait for the
   * install. Nothing to take on a first install.
   */
  public String pendingLockForInstall() {
    return "DO $$ BEGIN IF to_regclass('"
        + s.replace("'", "''")
        + ".audit_pending') IS NOT NULL THEN LOCK TABLE "
        + s
        + ".audit_pending IN SHARE ROW EXCLUSIVE MODE; END IF; END $$";
  }

  /**
   * Only one sealer per schema at a time, whichever server instance it runs in. A
   * transaction-scoped lock, so a crashed sealer or a connection returned to a pool never keeps it.
   */
  public String trySealerLock() {
    return "SELECT pg_try_advisory_xact_lock(hashtext('" + s + ".audit sealer'))";
  }

  /**
   * The sealer's lock, waited for: an install (a second server instance starting, say) takes it so
   * that no sealer batch runs while the DDL does. The two take the same tables in different orders,
   * and did deadlock.
   */
  public String sealerLock() {
    return "SELECT pg_advisory_xact_lock(hashtext('" + s + ".audit sealer'))";
  }

  public String pendingBatch() {
    return "SELECT pending_id, "
        + RECORD_COLUMNS
        + " FROM "
        + s
        + ".audit_pending"
        + " ORDER BY commit_ticket NULLS LAST, pending_id LIMIT ?";
  }

  public String head() {
    return "SELECT sequence, hash FROM " + s + ".audit_log ORDER BY sequence DESC LIMIT 1";
  }

  public String insertSealed() {
    return insertSealed(1);
  }

  /**
   * An INSERT of {@code rows} sealed records at once: one round trip and one statement for a whole
   * chunk.
   */
  public String insertSealed(int rows) {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO "
                + s
                + ".audit_log (sequence, "
                + RECORD_COLUMNS
                + ", prev_hash, hash) VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }
    return sql.toString();
  }

  public String deletePending() {
    return "DELETE FROM " + s + ".audit_pending WHERE pending_id = ANY (?)";
  }

  public String sealedFrom() {
    return "SELECT sequence, "
        + RECORD_COLUMNS
        + ", prev_hash, hash FROM "
        + s
        + ".audit_log"
        + " WHERE sequence > ? ORDER BY sequence, id";
  }

  public String sealedRange() {
    return "SELECT sequence, "
        + RECORD_COLUMNS
        + ", prev_hash, hash FROM "
        + s
        + ".audit_log"
        + " WHERE sequence > ? AND sequence <= ? ORDER BY sequence, id";
  }

  public String selectSealed() {
    return "SELECT sequence, " + RECORD_COLUMNS + ", prev_hash, hash FROM " + s + ".audit_log";
  }

  public String latestCheckpoint() {
    return "SELECT tree_size, root_hash, frontier, note, created_at FROM "
        + s
        + ".audit_checkpoint"
        + " ORDER BY tree_size DESC LIMIT 1";
  }

  /**
   * The latest checkpoint's size, and whether it is at least ? seconds old by the database's clock.
   */
  public String latestCheckpointAge() {
    return "SELECT tree_size, now() - created_at >= make_interval(secs => ?) FROM "
        + s
        + ".audit_checkpoint"
        + " ORDER BY tree_size DESC LIMIT 1";
  }

  public String checkpointNotes() {
    return "SELECT note FROM " + s + ".audit_checkpoint ORDER BY tree_size";
  }

  public String insertCheckpoint() {
    return "INSERT INTO "
        + s
        + ".audit_checkpoint (tree_size, root_hash, frontier, note) VALUES (?, ?, ?, ?)";
  }

  /** Binds the 14 record columns, starting at parameter {@code first}. */
  public static int bindRecord(PreparedStatement ps, int first, RawRecord r) throws SQLException {
    int i = first;
    ps.setObject(i++, r.id());
    ps.setObject(i++, OffsetDateTime.ofInstant(Canonical.instant(r.timeMicros()), ZoneOffset.UTC));
    ps.setString(i++, r.actorKind());
    ps.setString(i++, r.actorId());
    ps.setString(i++, r.actorRole());
    ps.setString(i++, r.actorRestaurant());
    ps.setString(i++, r.action());
    ps.setString(i++, r.entityType());
    ps.setString(i++, r.entityId());
    ps.setString(i++, r.requestId());
    ps.setString(i++, r.traceId());
    ps.setString(i++, r.clientAddress());
    ps.setBytes(i++, r.oldValue());
    ps.setBytes(i++, r.newValue());
    return i;
  }

  /**
   * Reads the 14 record columns starting at column {@code first}, with the given sequence and
   * hashes.
   */
  public static RawRecord readRecord(
      ResultSet rs, int first, long sequence, byte[] prevHash, byte[] hash) throws SQLException {
    int i = first;
    return new RawRecord(
        sequence,
        rs.getObject(i++, java.util.UUID.class),
        Canonical.micros(rs.getObject(i++, OffsetDateTime.class).toInstant()),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getBytes(i++),
        rs.getBytes(i),
        prevHash,
        hash);
  }

  /** A row of {@link #sealedFrom()}, {@link #sealedRange()} or {@link #selectSealed()}. */
  public static RawRecord readSealed(ResultSet rs) throws SQLException {
    return readRecord(rs, 2, rs.getLong(1), rs.getBytes(16), rs.getBytes(17));
  }

  static String quoteIdent(String name) {
    if (name == null || name.isEmpty() || name.length() > 63 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a role name: " + name);
    }
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String recordColumnDefinitions() {
    return "  id uuid NOT NULL,\n"
        + "  time timestamptz NOT NULL,\n"
        + "  actor_kind text NOT NULL,\n"
        + "  actor_id text,\n"
        + "  actor_role text,\n"
        + "  actor_restaurant text,\n"
        + "  action text NOT NULL,\n"
        + "  entity_type text,\n"
        + "  entity_id text,\n"
        + "  request_id text,\n"
        + "  trace_id text,\n"
        + "  client_address text,\n"
        + "  old_value bytea,\n"
        + "  new_value bytea\n";
  }

  private String ifNoTrigger(String trigger, String table, String create) {
    return "DO $do$ BEGIN\n"
        + "  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '"
        + trigger
        + "' AND tgrelid = '"
        + s
        + "."
        + table
        + "'::regclass) THEN\n"
        + "    "
        + create
        + ";\n"
        + "  END IF;\n"
        + "END $do$";
  }
}
