package dev.ordersync.audit;

import dev.ordersync.audit.internal.Canonical;
import dev.ordersync.audit.internal.ChainVerifier;
import dev.ordersync.audit.internal.Merkle;
import dev.ordersync.audit.internal.PostgresSchema;
import dev.ordersync.audit.internal.RawRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The audit trail in one PostgreSQL schema: append inside your own transaction, read, open values,
 * verify, prove. Immutable and safe to share; every method takes the {@link Connection} to work on
 * and leaves it to you to own.
 *
 * <pre>{@code
 * AuditLog log = AuditLog.builder().valueSealer(sealer).build();     // schema "audit"
 * log.install(adminConnection, "ordersync_app");                      // once, idempotent
 * try (Connection c = pool.getConnection()) {
 *   c.setAutoCommit(false);
 *   // ... the change itself ...
 *   log.append(c, AuditEntry.of(actor, AuditAction.ACCEPT_ORDER).about("order", id).values(before, after));
 *   c.commit();                                                       // the record commits with the change, or neither
 * }
 * }</pre>
 *
 * <p>An appended record is pending until an {@link AuditSealer} gives it its place in the chain
 * (the server runs one every few hundred milliseconds); queries, proofs and verification see sealed
 * records only.
 */
public final class AuditLog {
  private static final int FETCH_SIZE = 1000;

  private final PostgresSchema schema;
  private final ValueSealer valueSealer;
  private final Clock clock;

  private AuditLog(Builder b) {
    this.schema = new PostgresSchema(b.schema);
    this.valueSealer =
        Objects.requireNonNull(
            b.valueSealer, "a value sealer is required: values are never stored plain");
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private String schema = "audit";
    private ValueSealer valueSealer;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The PostgreSQL schema holding the tables (lower-case letters, digits, _); default {@code
     * audit}.
     */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    public Builder valueSealer(ValueSealer valueSealer) {
      this.valueSealer = valueSealer;
      return this;
    }

    /** Stamps entries that carry no time of their own. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public AuditLog build() {
      return new AuditLog(this);
    }
  }

  public String schema() {
    return schema.name();
  }

  /**
   * Creates or updates the schema (idempotent; concurrent installs wait for each other) and grants
   * {@code appRole} what the application needs and nothing that rewrites: SELECT and INSERT on the
   * log and the checkpoints, and on the pending table also DELETE (the sealer moves rows out of
   * it). Run it as the role that should own the tables, never as the application role. If {@code
   * appRole} is the connecting role itself (a one-role setup), privileges are left alone and the
   * triggers are the only wall.
   *
   * <p>Runs in the connection's transaction if one is open, else in a transaction of its own.
   */
  public void install(Connection admin, String appRole) throws SQLException {
    Objects.requireNonNull(appRole, "appRole");
    inTransaction(
        admin,
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(schema.installLock());
            // Re-installing next to a running sealer (a second instance starting): wait for its
            // batch and keep sealers
            // out until this commits; the two take the same tables in different orders.
            s.execute(schema.sealerLock());
            // Then the table running appenders hold, before the function they take at commit.
            s.execute(schema.pendingLockForInstall());
            for (String ddl : schema.ddl()) {
              s.execute(ddl);
            }
            if (!appRole.equals(currentUser(c))) {
              for (String grant : schema.grants(appRole)) {
                s.execute(grant);
              }
            }
          }
          return null;
        });
  }

  /**
   * Makes sure the monthly partitions of the log exist for {@code from} and the {@code monthsAhead}
   * months after it (UTC months), creating the missing ones. Idempotent, and allowed to the
   * application role. The sealer calls it by itself; call it from a daily job too if records may be
   * dated ahead.
   *
   * @return how many partitions were created
   */
  public int ensurePartitions(Connection c, YearMonth from, int monthsAhead) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(schema.ensurePartitions())) {
      ps.setObject(1, from.atDay(1));
      ps.setInt(2, monthsAhead);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * Appends a record in the connection's current transaction: it commits with the change it
   * describes or not at all. Takes no lock that another append waits for; the order in the chain is
   * decided at commit (see the README).
   *
   * @return the record's id, which its sealed values are bound to
   */
  public UUID append(Connection c, AuditEntry entry) throws SQLException {
    UUID id = UUID.randomUUID();
    Instant time = entry.time() != null ? entry.time() : clock.instant();
    RawRecord row =
        new RawRecord(
            0,
            id,
            Canonical.micros(time),
            entry.actor().kind().name(),
            entry.actor().id(),
            entry.actor().role(),
            entry.actor().restaurant(),
            entry.action().name(),
            entry.entityType(),
            entry.entityId(),
            entry.requestId(),
            entry.traceId(),
            entry.clientAddress(),
            seal(entry.oldValue(), id, "old_value"),
            seal(entry.newValue(), id, "new_value"),
            null,
            null);
    try (PreparedStatement ps = c.prepareStatement(schema.insertPending())) {
      PostgresSchema.bindRecord(ps, 1, row);
      ps.executeUpdate();
    }
    return id;
  }

  /** Opens a record's sealed values, which works only in the record they were sealed for. */
  public AuditValues open(AuditRecord record) throws GeneralSecurityException {
    return new AuditValues(
        open(record.sealedOldValue(), record.id(), "old_value"),
        open(record.sealedNewValue(), record.id(), "new_value"));
  }

  /** One page of sealed records matching {@code q}. */
  public AuditPage query(Connection c, AuditQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder(schema.selectSealed()).append(" WHERE true");
    List<Object> params = new ArrayList<>();
    if (q.entityType != null) {
      sql.append(" AND entity_type = ?");
      params.add(q.entityType);
    }
    if (q.entityId != null) {
      sql.append(" AND entity_id = ?");
      params.add(q.entityId);
    }
    if (q.actorId != null) {
      sql.append(" AND actor_id = ?");
      params.add(q.actorId);
    }
    if (q.restaurant != null) {
      sql.append(" AND actor_restaurant = ?");
      params.add(q.restaurant);
    }
    if (q.action != null) {
      sql.append(" AND action = ?");
      params.add(q.action.name());
    }
    if (q.from != null) {
      sql.append(" AND time >= ?");
      params.add(OffsetDateTime.ofInstant(q.from, ZoneOffset.UTC));
    }
    if (q.until != null) {
      sql.append(" AND time < ?");
      params.add(OffsetDateTime.ofInstant(q.until, ZoneOffset.UTC));
    }
    if (q.startingAfter != null) {
      sql.append(q.newestFirst ? " AND sequence < ?" : " AND sequence > ?");
      params.add(q.startingAfter);
    }
    sql.append(q.newestFirst ? " ORDER BY sequence DESC" : " ORDER BY sequence").append(" LIMIT ?");
    params.add(q.limit + 1);
    List<AuditRecord> records = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          records.add(Records.typed(PostgresSchema.readSealed(rs)));
        }
      }
    }
    boolean more = records.size() > q.limit;
    return new AuditPage(more ? records.subList(0, q.limit) : records, more);
  }

  /** The sealed record with this sequence number, if there is one. */
  public Optional<AuditRecord> record(Connection c, long sequence) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(schema.selectSealed() + " WHERE sequence = ? ORDER BY id LIMIT 1")) {
      ps.setLong(1, sequence);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(Records.typed(PostgresSchema.readSealed(rs)))
            : Optional.empty();
      }
    }
  }

  /**
   * The checkpoints stored with the log, oldest first, each checked with {@code verifier}. Copies
   * kept elsewhere are the stronger evidence: whoever can rewrite this database could also remove
   * checkpoints from it (not forge them).
   *
   * @throws GeneralSecurityException if a stored checkpoint does not verify
   */
  public List<Checkpoint> checkpoints(Connection c, CheckpointVerifier verifier)
      throws SQLException, GeneralSecurityException {
    List<String> notes = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(schema.checkpointNotes());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        notes.add(rs.getString(1));
      }
    }
    List<Checkpoint> out = new ArrayList<>();
    for (String note : notes) {
      out.add(verifier.verify(note));
    }
    return out;
  }

  /**
   * Verifies every sealed record against the chain and {@code checkpoints} (see {@link
   * AuditVerifier}), reading them from the database in one consistent snapshot. Reads the log once
   * if it is intact, twice if not.
   */
  public Verification verify(Connection c, Collection<Checkpoint> checkpoints) throws SQLException {
    return readSnapshot(
        c,
        () -> {
          ChainVerifier.Source<SQLException> source =
              each -> forEachSealed(c, 0, Long.MAX_VALUE, each);
          return AuditVerifier.toVerification(
              ChainVerifier.verify(source, AuditVerifier.roots(checkpoints)));
        });
  }

  /**
   * Proves that record #{@code sequence} is in the tree {@code checkpoint} signs. Reads the first
   * size records.
   */
  public InclusionProof proveInclusion(Connection c, long sequence, Checkpoint checkpoint)
      throws SQLException {
    List<byte[]> leaves = leafHashes(c, checkpoint.size());
    return new InclusionProof(
        sequence,
        checkpoint.size(),
        Merkle.inclusionPath(leaves, sequence - 1, checkpoint.size()).stream()
            .map(Hash::of)
            .toList());
  }

  /**
   * Proves that {@code newer}'s tree extends {@code older}'s. Reads the first newer.size() records.
   */
  public ConsistencyProof proveConsistency(Connection c, Checkpoint older, Checkpoint newer)
      throws SQLException {
    List<byte[]> leaves = leafHashes(c, newer.size());
    return new ConsistencyProof(
        older.size(),
        newer.size(),
        Merkle.consistencyProof(leaves, older.size(), newer.size()).stream()
            .map(Hash::of)
            .toList());
  }

  // ---- for AuditSealer, in this package

  PostgresSchema postgres() {
    return schema;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Streams sealed records with after < sequence <= upTo, in sequence order. Needs a transaction
   * for the cursor.
   */
  void forEachSealed(Connection c, long after, long upTo, Consumer<RawRecord> each)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(schema.sealedRange())) {
      ps.setFetchSize(FETCH_SIZE);
      ps.setLong(1, after);
      ps.setLong(2, upTo);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          each.accept(PostgresSchema.readSealed(rs));
        }
      }
    }
  }

  private List<byte[]> leafHashes(Connection c, long size) throws SQLException {
    return readSnapshot(
        c,
        () -> {
          List<byte[]> leaves = new ArrayList<>();
          forEachSealed(c, 0, size, r -> leaves.add(Merkle.leafHash(Canonical.encode(r))));
          if (leaves.size() != size) {
            throw new AuditException(
                "the log holds "
                    + leaves.size()
                    + " of the "
                    + size
                    + " records the checkpoint signs");
          }
          return leaves;
        });
  }

  private byte[] seal(String value, UUID id, String column) {
    if (value == null) {
      return null;
    }
    try {
      return valueSealer.seal(value.getBytes(StandardCharsets.UTF_8), Records.context(id, column));
    } catch (GeneralSecurityException e) {
      throw new AuditException("could not seal the " + column + " of audit record " + id, e);
    }
  }

  private String open(byte[] sealed, UUID id, String column) throws GeneralSecurityException {
    return sealed == null
        ? null
        : new String(valueSealer.open(sealed, Records.context(id, column)), StandardCharsets.UTF_8);
  }

  private static String currentUser(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  interface SqlWork<T> {
    T run() throws SQLException;
  }

  interface ConnectionWork<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * In the caller's transaction if one is open; otherwise in one of our own, committed or rolled
   * back here.
   */
  static <T> T inTransaction(Connection c, ConnectionWork<T> work) throws SQLException {
    if (!c.getAutoCommit()) {
      return work.run(c);
    }
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * Reads in the caller's transaction if one is open; otherwise in a read-only snapshot of our own.
   */
  static <T> T readSnapshot(Connection c, SqlWork<T> work) throws SQLException {
    if (!c.getAutoCommit()) {
      return work.run();
    }
    c.setAutoCommit(false);
    try {
      // One snapshot for every pass over the log, and no chance of writing by mistake.
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
