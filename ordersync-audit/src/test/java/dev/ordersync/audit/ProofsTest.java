package dev.ordersync.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints from the sealer: when they are made, what they refuse to vouch for, and the proofs a
 * record's holder can check against them without the rest of the log.
 */
class ProofsTest {
  static TestPostgres db;
  static AuditLog log;
  static CheckpointSigner signer = AuditFixtures.signer();
  static List<Checkpoint> published = new ArrayList<>();
  static Checkpoint at13;
  static Checkpoint at34;

  @BeforeAll
  static void aLogWithCheckpointsAt13And34() throws Exception {
    db = TestPostgres.create();
    log = AuditLog.builder().valueSealer(AuditFixtures.tinkSealer()).build();
    try (Connection admin = db.admin()) {
      log.install(admin, TestPostgres.APP_ROLE);
    }
    AuditSealer sealer = AuditSealer.builder(log, signer).onCheckpoint(published::add).build();
    try (Connection app = db.app()) {
      assertTrue(sealer.checkpoint(app).isEmpty(), "nothing to vouch for in an empty log");
      AuditFixtures.appendCommitted(db, log, 13);
      sealer.sealPending(app);
      at13 = sealer.checkpoint(app).orElseThrow();
      assertTrue(sealer.checkpoint(app).isEmpty(), "nothing new since");
      AuditFixtures.appendCommitted(db, log, 21);
      // A second sealer, as in another server instance, continues from the stored state of the
      // first.
      AuditSealer other = AuditSealer.builder(log, signer).build();
      other.sealPending(app);
      at34 = other.checkpoint(app).orElseThrow();
    }
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void checkpointsAreStoredAndHandedOut() throws Exception {
    assertEquals(List.of(at13), published);
    assertEquals(13, at13.size());
    assertEquals(34, at34.size());
    try (Connection app = db.app()) {
      assertEquals(List.of(at13, at34), log.checkpoints(app, signer.verifier()));
      assertTrue(log.verify(app, List.of(at13, at34)).intact());
    }
  }

  @Test
  void everyRecordIsProvenInEveryCheckpointThatHoldsIt() throws Exception {
    try (Connection app = db.app()) {
      for (long seq = 1; seq <= 34; seq++) {
        AuditRecord record = log.record(app, seq).orElseThrow();
        for (Checkpoint cp : List.of(at13, at34)) {
          if (seq <= cp.size()) {
            InclusionProof proof = log.proveInclusion(app, seq, cp);
            assertTrue(proof.verify(record, cp), "#" + seq + " in " + cp.size());
          }
        }
      }
    }
  }

  @Test
  void anInclusionProofFailsForAnotherOrAChangedRecord() throws Exception {
    try (Connection app = db.app()) {
      InclusionProof proof = log.proveInclusion(app, 5, at34);
      AuditRecord five = log.record(app, 5).orElseThrow();
      AuditRecord six = log.record(app, 6).orElseThrow();
      assertFalse(proof.verify(six, at34));
      assertFalse(proof.verify(five, at13));
      AuditRecord changed =
          new AuditRecord(
              five.sequence(),
              five.id(),
              five.time(),
              five.actor(),
              AuditAction.REFUND_ISSUED,
              five.entityType(),
              five.entityId(),
              five.requestId(),
              five.traceId(),
              five.clientAddress(),
              five.sealedOldValue(),
              five.sealedNewValue(),
              five.prevHash(),
              five.hash());
      assertFalse(proof.verify(changed, at34));
    }
  }

  @Test
  void theNewerCheckpointIsProvenToExtendTheOlder() throws Exception {
    try (Connection app = db.app()) {
      ConsistencyProof proof = log.proveConsistency(app, at13, at34);
      assertTrue(proof.verify(at13, at34));
      assertFalse(proof.verify(at34, at13));
      Checkpoint forked = signer.sign(13, at34.root());
      assertFalse(proof.verify(forked, at34));
      assertFalse(
          new ConsistencyProof(13, 34, proof.path().subList(1, proof.path().size()))
              .verify(at13, at34));
    }
  }

  @Test
  void checkpointsComeWhenDue() throws Exception {
    try (Connection app = db.app()) {
      AuditSealer sealer = AuditSealer.builder(log, signer).build();
      assertTrue(sealer.checkpointIfDue(app, 1, Duration.ZERO).isEmpty(), "nothing unsigned");
    }
  }

  @Test
  void theSealerRefusesToVouchForATamperedChain() throws Exception {
    TestPostgres other = TestPostgres.create();
    try (other) {
      AuditLog log2 = AuditLog.builder().valueSealer(AuditFixtures.tinkSealer()).build();
      try (Connection admin = other.admin()) {
        log2.install(admin, TestPostgres.APP_ROLE);
      }
      AuditSealer sealer = AuditSealer.builder(log2, signer).build();
      AuditFixtures.appendCommitted(other, log2, 5);
      try (Connection app = other.app()) {
        sealer.sealPending(app);
        assertTrue(
            sealer.checkpointIfDue(app, 5, Duration.ofHours(1)).isPresent(),
            "5 unsigned records are due");
        AuditFixtures.appendCommitted(other, log2, 3);
        sealer.sealPending(app);
        assertTrue(
            sealer.checkpointIfDue(app, 5, Duration.ofHours(1)).isEmpty(),
            "3 are not, for an hour");
        assertTrue(
            sealer.checkpointIfDue(app, 5, Duration.ZERO).isPresent(),
            "but are when the interval is up");
      }
      AuditFixtures.appendCommitted(other, log2, 2);
      try (Connection admin = other.admin();
          Statement s = admin.createStatement()) {
        s.execute("SET session_replication_role = replica");
        try (Connection app = other.app()) {
          sealer.sealPending(app);
        }
        s.executeUpdate("UPDATE audit.audit_log SET actor_id = 'someone-else' WHERE sequence = 9");
      }
      try (Connection app = other.app()) {
        AuditException refused = assertThrows(AuditException.class, () -> sealer.checkpoint(app));
        assertTrue(refused.getMessage().contains("#9"), refused.getMessage());
      }
    }
  }
}
