package dev.ordersync.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Old and new values are stored sealed, open through the ValueSealer, and only in the record they
 * were sealed for.
 */
class SealedValuesTest {
  static TestPostgres db;
  static AuditLog log;

  @BeforeAll
  static void twoSealedRecords() throws Exception {
    db = TestPostgres.create();
    log = AuditLog.builder().valueSealer(AuditFixtures.tinkSealer()).build();
    try (Connection admin = db.admin()) {
      log.install(admin, TestPostgres.APP_ROLE);
    }
    try (Connection app = db.app()) {
      log.append(
          app,
          AuditEntry.of(Actor.user("owner-1", "OWNER", "r-1"), AuditAction.MENU_UPDATED)
              .about("dish", "7")
              .values("{\"name\":\"김치찌개\",\"price\":9000}", "{\"name\":\"김치찌개\",\"price\":9500}"));
      log.append(
          app,
          AuditEntry.of(Actor.system("refunds"), AuditAction.REFUND_ISSUED)
              .about("payment", "p-1")
              .values(null, "{\"amount\":9500}"));
      AuditSealer.builder(log, AuditFixtures.signer()).build().sealPending(app);
    }
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void valuesOpenThroughTheValueSealer() throws Exception {
    try (Connection app = db.app()) {
      List<AuditRecord> records = log.query(app, AuditQuery.all()).records();
      assertEquals(
          new AuditValues(
              "{\"name\":\"김치찌개\",\"price\":9000}", "{\"name\":\"김치찌개\",\"price\":9500}"),
          log.open(records.get(0)));
      AuditValues refund = log.open(records.get(1));
      assertNull(refund.oldValue());
      assertEquals("{\"amount\":9500}", refund.newValue());
    }
  }

  @Test
  void theDatabaseNeverSeesAValueInTheClear() throws Exception {
    try (Connection admin = db.admin();
        Statement s = admin.createStatement();
        ResultSet rs = s.executeQuery("SELECT old_value, new_value FROM audit.audit_log")) {
      while (rs.next()) {
        for (int i = 1; i <= 2; i++) {
          byte[] stored = rs.getBytes(i);
          if (stored != null) {
            assertFalse(new String(stored, StandardCharsets.UTF_8).contains("price"));
            assertFalse(new String(stored, StandardCharsets.UTF_8).contains("amount"));
          }
        }
      }
    }
  }

  @Test
  void aValueMovedToAnotherRecordDoesNotOpenThere() throws Exception {
    AuditRecord menu;
    AuditRecord refund;
    try (Connection app = db.app()) {
      List<AuditRecord> records = log.query(app, AuditQuery.all()).records();
      menu = records.get(0);
      refund = records.get(1);
    }
    AuditRecord moved =
        new AuditRecord(
            refund.sequence(),
            refund.id(),
            refund.time(),
            refund.actor(),
            refund.action(),
            refund.entityType(),
            refund.entityId(),
            refund.requestId(),
            refund.traceId(),
            refund.clientAddress(),
            null,
            menu.sealedNewValue(),
            refund.prevHash(),
            refund.hash());
    assertThrows(GeneralSecurityException.class, () -> log.open(moved));
  }

  @Test
  void oldAndNewSwappedWithinARecordDoNotOpen() throws Exception {
    AuditRecord menu;
    try (Connection app = db.app()) {
      menu = log.record(app, 1).orElseThrow();
    }
    AuditRecord swapped =
        new AuditRecord(
            menu.sequence(),
            menu.id(),
            menu.time(),
            menu.actor(),
            menu.action(),
            menu.entityType(),
            menu.entityId(),
            menu.requestId(),
            menu.traceId(),
            menu.clientAddress(),
            menu.sealedNewValue(),
            menu.sealedOldValue(),
            menu.prevHash(),
            menu.hash());
    assertThrows(GeneralSecurityException.class, () -> log.open(swapped));
  }

  @Test
  void theVerifierSeesTheMoveToo() throws Exception {
    try (Connection app = db.app()) {
      List<AuditRecord> records = log.query(app, AuditQuery.all()).records();
      AuditRecord refund = records.get(1);
      AuditRecord moved =
          new AuditRecord(
              refund.sequence(),
              refund.id(),
              refund.time(),
              refund.actor(),
              refund.action(),
              refund.entityType(),
              refund.entityId(),
              refund.requestId(),
              refund.traceId(),
              refund.clientAddress(),
              null,
              records.get(0).sealedNewValue(),
              refund.prevHash(),
              refund.hash());
      Verification v = AuditVerifier.verify(List.of(records.get(0), moved), List.of());
      assertEquals(
          List.of(
              new Verification.Finding(
                  Verification.Kind.MODIFIED, 2, refund.id(), v.findings().get(0).detail())),
          v.findings());
    }
  }
}
