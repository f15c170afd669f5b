package dev.ordersync.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.audit.Verification.Finding;
import dev.ordersync.audit.Verification.Kind;
import dev.ordersync.audit.internal.Canonical;
import dev.ordersync.audit.internal.PostgresSchema;
import dev.ordersync.audit.internal.RawRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database superuser, who can switch the triggers off, tampers with a log of 35 records that has
 * signed checkpoints at 10, 20 and 30; each time the verifier names exactly what happened to which
 * record.
 */
class TamperingTest {
  static TestPostgres db;
  AuditLog log;
  String s;
  List<Checkpoint> checkpoints;

  @BeforeAll
  static void database() {
    db = TestPostgres.create();
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @BeforeEach
  void aLogOf35RecordsWithCheckpointsAt10And20And30() throws Exception {
    s = AuditFixtures.freshSchema();
    log = AuditLog.builder().schema(s).valueSealer(AuditFixtures.tinkSealer()).build();
    checkpoints = new ArrayList<>();
    try (Connection admin = db.admin()) {
      log.install(admin, TestPostgres.APP_ROLE);
    }
    AuditSealer sealer =
        AuditSealer.builder(log, AuditFixtures.signer()).onCheckpoint(checkpoints::add).build();
    try (Connection app = db.app()) {
      for (int i = 1; i <= 35; i++) {
        log.append(app, AuditFixtures.ownerAcceptsOrder(i));
        if (i % 10 == 0) {
          sealer.sealPending(app);
          sealer.checkpoint(app);
        }
      }
      sealer.sealPending(app);
    }
    assertEquals(List.of(10L, 20L, 30L), checkpoints.stream().map(Checkpoint::size).toList());
  }

  @Test
  void anUntouchedLogIsIntact() throws Exception {
    Verification v = verify();
    assertTrue(v.intact(), v.findings().toString());
    assertEquals(35, v.records());
  }

  @Test
  void aChangedValueIsNamed() throws Exception {
    tamper(
        "UPDATE $s.audit_log SET new_value = (SELECT new_value FROM $s.audit_log WHERE sequence = 13)"
            + " WHERE sequence = 12");
    assertFindings(verify(), Kind.MODIFIED, 12);
  }

  @Test
  void aChangedActionIsNamed() throws Exception {
    tamper("UPDATE $s.audit_log SET action = 'REFUND_ISSUED' WHERE sequence = 4");
    assertFindings(verify(), Kind.MODIFIED, 4);
  }

  @Test
  void aChangeWithARecomputedHashIsStillNamed() throws Exception {
    // The next record still links to the original hash, and the leaf no longer fits the checkpoint
    // at 20.
    rewrite(15, r -> withNewValue(r, null), true);
    assertFindings(verify(), Kind.MODIFIED, 15);
  }

  @Test
  void aRewrittenLinkIsNamedAsTheRecordThatHoldsIt() throws Exception {
    // Only record 22's prev_hash (and so its hash) changed: its contents, and so the checkpoint at
    // 30, still hold.
    rewrite(22, r -> withPrevHash(r, new byte[32]), true);
    assertFindings(verify(), Kind.MODIFIED, 22);
  }

  @Test
  void aDeletedRecordIsNamed() throws Exception {
    tamper("DELETE FROM $s.audit_log WHERE sequence = 17");
    assertFindings(verify(), Kind.DELETED, 17);
  }

  @Test
  void aDeletedRecordIsNamedEvenWhenTheRestWereRenumberedToHideTheGap() throws Exception {
    tamper("DELETE FROM $s.audit_log WHERE sequence = 17");
    tamper("UPDATE $s.audit_log SET sequence = sequence - 1 WHERE sequence > 17");
    assertFindings(verify(), Kind.DELETED, 17);
  }

  @Test
  void twoSwappedNeighboursAreBothNamed() throws Exception {
    tamper(
        "UPDATE $s.audit_log SET sequence = CASE sequence WHEN 5 THEN 6 ELSE 5 END WHERE sequence IN (5, 6)");
    Verification v = verify();
    assertFindings(v, Kind.REORDERED, 5, Kind.REORDERED, 6);
    assertTrue(
        v.findings().get(0).detail().contains("written as record #6"),
        v.findings().get(0).detail());
  }

  @Test
  void twoSwappedDistantRecordsAreBothNamed() throws Exception {
    tamper(
        "UPDATE $s.audit_log SET sequence = CASE sequence WHEN 3 THEN 25 ELSE 3 END WHERE sequence IN (3, 25)");
    assertFindings(verify(), Kind.REORDERED, 3, Kind.REORDERED, 25);
  }

  @Test
  void aForgedRecordSlippedInIsNamed() throws Exception {
    // Well forged: hashed at place 9 after record 8, as the sealer would have. Record 10 still
    // links to the real 9.
    RawRecord eight = read(8);
    RawRecord forged =
        new RawRecord(
            9,
            UUID.randomUUID(),
            eight.timeMicros(),
            "SYSTEM",
            "forger",
            null,
            null,
            "REFUND_ISSUED",
            "payment",
            "p-1",
            null,
            null,
            null,
            null,
            null,
            eight.hash(),
            null);
    byte[] hash = Canonical.chainHash(eight.hash(), Canonical.encode(forged));
    try (Connection admin = db.admin();
        PreparedStatement ps = admin.prepareStatement(new PostgresSchema(s).insertSealed())) {
      ps.setLong(1, 9);
      int next = PostgresSchema.bindRecord(ps, 2, forged);
      ps.setBytes(next++, eight.hash());
      ps.setBytes(next, hash);
      ps.executeUpdate();
    }
    Verification v = verify();
    assertFindings(v, Kind.INSERTED, 9);
    assertEquals(forged.id(), v.findings().get(0).recordId());
  }

  @Test
  void aCutTailIsNamedFromItsFirstMissingRecord() throws Exception {
    tamper("DELETE FROM $s.audit_log WHERE sequence > 27");
    Verification v = verify();
    assertFindings(v, Kind.TRUNCATED, 28);
    assertTrue(v.findings().get(0).detail().contains("#28 to #30"), v.findings().get(0).detail());
  }

  @Test
  void aTailCutAfterTheLastCheckpointCannotBeSeen_soCheckpointsMustBeFrequent() throws Exception {
    tamper("DELETE FROM $s.audit_log WHERE sequence > 32");
    assertTrue(verify().intact(), "records 31 to 35 were never vouched for by a checkpoint");
  }

  @Test
  void aChainRecomputedAfterAChangeIsCaughtByTheCheckpointThatCoversIt() throws Exception {
    // Every link after record 15 recomputed: no record shows anything, only the signed roots from
    // 20 on disagree.
    byte[] prev = read(14).hash();
    for (long seq = 15; seq <= 35; seq++) {
      byte[] link = prev;
      RawRecord changed = seq == 15 ? withNewValue(read(seq), null) : read(seq);
      RawRecord relinked = withPrevHash(changed, link);
      prev = Canonical.chainHash(link, Canonical.encode(relinked));
      store(seq, relinked, prev);
    }
    Verification v = verify();
    assertFindings(v, Kind.CHECKPOINT_MISMATCH, 20);
    assertTrue(v.findings().get(0).detail().contains("#11 to #20"), v.findings().get(0).detail());
  }

  @Test
  void anExportVerifiesTheSameAsTheDatabase() throws Exception {
    tamper(
        "UPDATE $s.audit_log SET sequence = CASE sequence WHEN 5 THEN 6 ELSE 5 END WHERE sequence IN (5, 6)");
    tamper("UPDATE $s.audit_log SET entity_id = 'order-999' WHERE sequence = 31");
    List<AuditRecord> exported;
    try (Connection app = db.app()) {
      exported = log.query(app, AuditQuery.all().limit(100)).records();
    }
    Verification fromExport = AuditVerifier.verify(exported, checkpoints);
    assertFindings(fromExport, Kind.REORDERED, 5, Kind.REORDERED, 6, Kind.MODIFIED, 31);
    assertEquals(verify(), fromExport);
  }

  // ---- the tamperer's tools

  private Verification verify() throws SQLException {
    try (Connection app = db.app()) {
      return log.verify(app, checkpoints);
    }
  }

  /**
   * As the superuser, with triggers off for this session: what it takes to get past the append-only
   * wall.
   */
  private void tamper(String sql) throws SQLException {
    try (Connection admin = db.admin();
        Statement st = admin.createStatement()) {
      st.execute("SET session_replication_role = replica");
      st.executeUpdate(sql.replace("$s", s));
    }
  }

  private RawRecord read(long sequence) throws SQLException {
    try (Connection admin = db.admin();
        PreparedStatement ps =
            admin.prepareStatement(new PostgresSchema(s).selectSealed() + " WHERE sequence = ?")) {
      ps.setLong(1, sequence);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return PostgresSchema.readSealed(rs);
      }
    }
  }

  private void rewrite(long sequence, UnaryOperator<RawRecord> change, boolean rehash)
      throws SQLException {
    RawRecord changed = change.apply(read(sequence));
    byte[] hash =
        rehash
            ? Canonical.chainHash(changed.prevHash(), Canonical.encode(changed))
            : changed.hash();
    store(sequence, changed, hash);
  }

  private void store(long sequence, RawRecord r, byte[] hash) throws SQLException {
    try (Connection admin = db.admin();
        Statement st = admin.createStatement()) {
      st.execute("SET session_replication_role = replica");
      try (PreparedStatement ps =
          admin.prepareStatement(
              "UPDATE "
                  + s
                  + ".audit_log SET new_value = ?, prev_hash = ?, hash = ? WHERE sequence = ?")) {
        ps.setBytes(1, r.newValue());
        ps.setBytes(2, r.prevHash());
        ps.setBytes(3, hash);
        ps.setLong(4, sequence);
        assertEquals(1, ps.executeUpdate());
      }
    }
  }

  private static RawRecord withNewValue(RawRecord r, byte[] newValue) {
    return new RawRecord(
        r.sequence(),
        r.id(),
        r.timeMicros(),
        r.actorKind(),
        r.actorId(),
        r.actorRole(),
        r.actorRestaurant(),
        r.action(),
        r.entityType(),
        r.entityId(),
        r.requestId(),
        r.traceId(),
        r.clientAddress(),
        r.oldValue(),
        newValue,
        r.prevHash(),
        r.hash());
  }

  private static RawRecord withPrevHash(RawRecord r, byte[] prevHash) {
    return new RawRecord(
        r.sequence(),
        r.id(),
        r.timeMicros(),
        r.actorKind(),
        r.actorId(),
        r.actorRole(),
        r.actorRestaurant(),
        r.action(),
        r.entityType(),
        r.entityId(),
        r.requestId(),
        r.traceId(),
        r.clientAddress(),
        r.oldValue(),
        r.newValue(),
        prevHash,
        r.hash());
  }

  /** Exactly these findings, as (kind, sequence) pairs in order. */
  private static void assertFindings(Verification v, Object... kindsAndSequences) {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < kindsAndSequences.length; i += 2) {
      expected.add(kindsAndSequences[i] + " #" + ((Number) kindsAndSequences[i + 1]).longValue());
    }
    List<String> actual =
        v.findings().stream().map((Finding f) -> f.kind() + " #" + f.sequence()).toList();
    assertEquals(expected, actual, v.findings().toString());
  }
}
