package dev.ordersync.audit;

import dev.ordersync.audit.internal.Canonical;
import dev.ordersync.audit.internal.Merkle;
import dev.ordersync.audit.internal.PostgresSchema;
import dev.ordersync.audit.internal.RawRecord;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Gives pending records their place in the chain, in commit order, and signs checkpoints. Run it on
 * a schedule from every server instance: a PostgreSQL advisory lock lets one of them work at a
 * time, the others return at once.
 *
 * <pre>{@code
 * AuditSealer sealer = AuditSealer.builder(log, signer).onCheckpoint(cp -> archive.write(cp.text())).build();
 * scheduler.scheduleWithFixedDelay(() -> {
 *   try (Connection c = pool.getConnection()) {
 *     sealer.sealPending(c);
 *     sealer.checkpointIfDue(c, 10_000, Duration.ofMinutes(5));
 *   } catch (SQLException | RuntimeException e) {
 *     logger.log(WARNING, "audit sealer", e); // nothing is lost: the next round starts where this one stopped
 *   }
 * }, 200, 200, MILLISECONDS);
 * }</pre>
 *
 * <p>Each method commits its own transactions, so give it a connection in auto-commit mode (a
 * pooled one is fine; no lock outlives a call). Safe to call from several threads, each with its
 * own connection.
 */
public final class AuditSealer {
  /** SQLSTATE 23514: "no partition of relation found for row". */
  private static final String NO_PARTITION = "23514";

  /**
   * Multi-row INSERTs: as fast as the driver's batch rewriting, without asking the caller to
   * configure it.
   */
  private static final int ROWS_PER_INSERT = 100;

  private final AuditLog log;
  private final PostgresSchema schema;
  private final CheckpointSigner signer;
  private final List<CheckpointVerifier> trusted;
  private final int batchSize;
  private final int monthsAhead;
  private final Consumer<Checkpoint> onCheckpoint;
  private final Set<YearMonth> partitioned = ConcurrentHashMap.newKeySet();

  private AuditSealer(Builder b) {
    this.log = b.log;
    this.schema = b.log.postgres();
    this.signer = b.signer;
    this.trusted = List.copyOf(b.trusted);
    this.batchSize = b.batchSize;
    this.monthsAhead = b.monthsAhead;
    this.onCheckpoint = b.onCheckpoint;
  }

  public static Builder builder(AuditLog log, CheckpointSigner signer) {
    return new Builder(log, signer);
  }

  public static final class Builder {
    private final AuditLog log;
    private final CheckpointSigner signer;
    private final List<CheckpointVerifier> trusted = new ArrayList<>();
    private int batchSize = 1000;
    private int monthsAhead = 2;
    private Consumer<Checkpoint> onCheckpoint = cp -> {};

    private Builder(AuditLog log, CheckpointSigner signer) {
      this.log = Objects.requireNonNull(log, "log");
      this.signer = Objects.requireNonNull(signer, "signer");
      this.trusted.add(signer.verifier());
    }

    /**
     * Records sealed per transaction; {@link #sealPending} loops until none are left. Default 1000.
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("a batch is 1 to 10000 records");
      }
      this.batchSize = batchSize;
      return this;
    }

    /** How many months of partitions to keep ready after the current one. Default 2. */
    public Builder monthsAhead(int monthsAhead) {
      if (monthsAhead < 0 || monthsAhead > 120) {
        throw new IllegalArgumentException("0 to 120 months ahead");
      }
      this.monthsAhead = monthsAhead;
      return this;
    }

    /**
     * After a key rotation, the key that signed the latest stored checkpoint, so the next
     * checkpoint can build on it.
     */
    public Builder trustPreviousKey(CheckpointVerifier previous) {
      this.trusted.add(Objects.requireNonNull(previous, "previous"));
      return this;
    }

    /**
     * Called with every new checkpoint after it is committed: the place to copy it out of the
     * database.
     */
    public Builder onCheckpoint(Consumer<Checkpoint> onCheckpoint) {
      this.onCheckpoint = Objects.requireNonNull(onCheckpoint, "onCheckpoint");
      return this;
    }

    public AuditSealer build() {
      return new AuditSealer(this);
    }
  }

  /**
   * Seals every committed pending record: in commit-ticket order, each gets the next sequence
   * number, the previous record's hash and its own, and moves from the pending table to the log, a
   * batch per transaction. Returns at once with 0 if another sealer is at work.
   *
   * @return how many records were sealed
   */
  public int sealPending(Connection c) throws SQLException {
    requireAutoCommit(c);
    keepPartitionsAhead(c);
    int total = 0;
    while (true) {
      int sealed = sealBatch(c);
      if (sealed < 0) {
        return total;
      }
      total += sealed;
      if (sealed < batchSize) {
        return total;
      }
    }
  }

  /**
   * Signs a checkpoint of the whole sealed log, if it grew since the last one, after checking that
   * the records since then hold together (a sealer must not vouch for a chain it cannot vouch for).
   * Stored with the log and handed to {@code onCheckpoint}.
   *
   * @return the new checkpoint; empty if nothing was sealed since the last one, or another sealer
   *     is at work
   * @throws AuditException if the records since the last checkpoint, or that checkpoint itself,
   *     were tampered with
   */
  public Optional<Checkpoint> checkpoint(Connection c) throws SQLException {
    requireAutoCommit(c);
    Checkpoint made;
    c.setAutoCommit(false);
    try {
      if (!tryLock(c)) {
        c.rollback();
        return Optional.empty();
      }
      made = extendAndSign(c);
      if (made == null) {
        c.rollback();
        return Optional.empty();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      AuditLog.rollbackQuietly(c, e);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    onCheckpoint.accept(made);
    return Optional.of(made);
  }

  /**
   * {@link #checkpoint} if at least {@code everyRecords} were sealed since the last checkpoint, or
   * some were and the last one is older than {@code every}. The server calls this often and lets
   * the thresholds decide.
   */
  public Optional<Checkpoint> checkpointIfDue(Connection c, long everyRecords, Duration every)
      throws SQLException {
    requireAutoCommit(c);
    long head = 0;
    try (PreparedStatement ps = c.prepareStatement(schema.head());
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        head = rs.getLong(1);
      }
    }
    long signed = 0;
    boolean old = true;
    try (PreparedStatement ps = c.prepareStatement(schema.latestCheckpointAge())) {
      ps.setDouble(1, every.toMillis() / 1000.0);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          signed = rs.getLong(1);
          old = rs.getBoolean(2);
        }
      }
    }
    long unsigned = head - signed;
    return unsigned >= everyRecords || (unsigned > 0 && old) ? checkpoint(c) : Optional.empty();
  }

  private int sealBatch(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try {
      if (!tryLock(c)) {
        c.rollback();
        return -1;
      }
      List<Long> pendingIds = new ArrayList<>();
      List<RawRecord> rows = new ArrayList<>();
      readPending(c, pendingIds, rows);
      if (rows.isEmpty()) {
        c.commit();
        return 0;
      }
      Set<YearMonth> created = partitionMonthsOf(c, rows);
      appendToChain(c, rows);
      deletePending(c, pendingIds, rows.size());
      c.commit();
      partitioned.addAll(created);
      return rows.size();
    } catch (SQLException | RuntimeException e) {
      AuditLog.rollbackQuietly(c, e);
      if (e instanceof SQLException sql && NO_PARTITION.equals(sql.getSQLState())) {
        // Someone dropped a partition we thought was there; look again next time.
        partitioned.clear();
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** The oldest committed pending records, up to a batch: their pending ids and their contents. */
  private void readPending(Connection c, List<Long> pendingIds, List<RawRecord> rows)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(schema.pendingBatch())) {
      ps.setInt(1, batchSize);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          pendingIds.add(rs.getLong(1));
          rows.add(PostgresSchema.readRecord(rs, 2, 0, null, null));
        }
      }
    }
  }

  /**
   * A record dated in a month without a partition would fail the whole batch; makes its partition
   * first. Returns the months it made, to remember once the batch commits.
   */
  private Set<YearMonth> partitionMonthsOf(Connection c, List<RawRecord> rows) throws SQLException {
    Set<YearMonth> created = new java.util.HashSet<>();
    for (RawRecord r : rows) {
      YearMonth month = YearMonth.from(Canonical.instant(r.timeMicros()).atOffset(ZoneOffset.UTC));
      if (!partitioned.contains(month) && created.add(month)) {
        log.ensurePartitions(c, month, 0);
      }
    }
    return created;
  }

  /** Gives each record the next sequence number and links it to the one before, from the head. */
  private void appendToChain(Connection c, List<RawRecord> rows) throws SQLException {
    long sequence = 0;
    byte[] prev = Hash.ZERO.bytes();
    try (PreparedStatement ps = c.prepareStatement(schema.head());
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        sequence = rs.getLong(1);
        prev = rs.getBytes(2);
      }
    }
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      List<RawRecord> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
      try (PreparedStatement ps = c.prepareStatement(schema.insertSealed(chunk.size()))) {
        int next = 1;
        for (RawRecord r : chunk) {
          sequence++;
          byte[] hash = Canonical.chainHash(prev, Canonical.encode(r, sequence));
          ps.setLong(next++, sequence);
          next = PostgresSchema.bindRecord(ps, next, r);
          ps.setBytes(next++, prev);
          ps.setBytes(next++, hash);
          prev = hash;
        }
        ps.executeUpdate();
      }
    }
  }

  private void deletePending(Connection c, List<Long> pendingIds, int sealed) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(schema.deletePending())) {
      Array ids = c.createArrayOf("bigint", pendingIds.toArray());
      ps.setArray(1, ids);
      int deleted = ps.executeUpdate();
      if (deleted != sealed) {
        throw new AuditException(
            "pending records vanished while sealing ("
                + deleted
                + " of "
                + sealed
                + "): something other than a sealer deletes from "
                + schema.name()
                + ".audit_pending");
      }
    }
  }

  private Checkpoint extendAndSign(Connection c) throws SQLException {
    long size = 0;
    Merkle.Frontier frontier = new Merkle.Frontier();
    try (PreparedStatement ps = c.prepareStatement(schema.latestCheckpoint());
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        size = rs.getLong(1);
        Checkpoint latest = verifyStored(rs.getString(4));
        frontier = Merkle.Frontier.restore(size, rs.getBytes(3));
        if (latest.size() != size
            || !MessageDigest.isEqual(frontier.root(), latest.root().bytes())) {
          throw new AuditException(
              "the stored state of checkpoint " + size + " does not match its signed root");
        }
      }
    }
    byte[][] prev = {Hash.ZERO.bytes()};
    if (size > 0) {
      log.forEachSealed(c, size - 1, size, r -> prev[0] = r.hash());
    }
    long[] expected = {size + 1};
    Merkle.Frontier tree = frontier;
    log.forEachSealed(
        c,
        size,
        Long.MAX_VALUE,
        r -> {
          byte[] canonical = Canonical.encode(r);
          if (r.sequence() != expected[0]
              || !MessageDigest.isEqual(r.prevHash(), prev[0])
              || !MessageDigest.isEqual(Canonical.chainHash(r.prevHash(), canonical), r.hash())) {
            throw new AuditException(
                "refusing to sign: the chain does not hold together at record #"
                    + r.sequence()
                    + " (expected #"
                    + expected[0]
                    + "); run the verifier");
          }
          tree.append(Merkle.leafHash(canonical));
          prev[0] = r.hash();
          expected[0]++;
        });
    if (tree.size() == size) {
      return null;
    }
    Checkpoint made;
    try {
      made = signer.sign(tree.size(), Hash.of(tree.root()));
    } catch (GeneralSecurityException e) {
      throw new AuditException("could not sign checkpoint " + tree.size(), e);
    }
    try (PreparedStatement ps = c.prepareStatement(schema.insertCheckpoint())) {
      ps.setLong(1, made.size());
      ps.setBytes(2, made.root().bytes());
      ps.setBytes(3, tree.serialize());
      ps.setString(4, made.text());
      ps.executeUpdate();
    }
    return made;
  }

  private Checkpoint verifyStored(String note) {
    GeneralSecurityException last = null;
    for (CheckpointVerifier v : trusted) {
      try {
        return v.verify(note);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new AuditException("the latest stored checkpoint is not signed by a trusted key", last);
  }

  private void keepPartitionsAhead(Connection c) throws SQLException {
    YearMonth now = YearMonth.now(log.clock().withZone(ZoneOffset.UTC));
    if (!partitioned.contains(now.plusMonths(monthsAhead)) || !partitioned.contains(now)) {
      log.ensurePartitions(c, now, monthsAhead);
      for (int i = 0; i <= monthsAhead; i++) {
        partitioned.add(now.plusMonths(i));
      }
    }
  }

  private boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(schema.trySealerLock());
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static void requireAutoCommit(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      throw new IllegalStateException(
          "the sealer commits its own transactions: give it a connection in auto-commit mode, not one inside yours");
    }
  }
}
