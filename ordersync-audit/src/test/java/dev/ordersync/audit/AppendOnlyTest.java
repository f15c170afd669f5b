package dev.ordersync.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database itself refuses to rewrite the audit trail: the application's role lacks the
 * privileges, and even the owner or a superuser meets the triggers.
 */
class AppendOnlyTest {
  static final String INSUFFICIENT_PRIVILEGE = "42501";
  static TestPostgres db;
  static AuditLog log;
  static String partition;

  @BeforeAll
  static void aSealedRecordAndACheckpoint() throws Exception {
    db = TestPostgres.create();
    log = AuditLog.builder().valueSealer(AuditFixtures.tinkSealer()).build();
    try (Connection admin = db.admin()) {
      log.install(admin, TestPostgres.APP_ROLE);
      log.install(admin, TestPostgres.APP_ROLE); // idempotent
    }
    AuditFixtures.appendCommitted(db, log, 3);
    try (Connection app = db.app()) {
      AuditSealer sealer = AuditSealer.builder(log, AuditFixtures.signer()).build();
      assertEquals(3, sealer.sealPending(app));
      assertTrue(sealer.checkpoint(app).isPresent());
    }
    partition = "audit.audit_log_" + YearMonth.now(ZoneOffset.UTC).toString().replace('-', '_');
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void theApplicationRoleCannotUpdateDeleteOrTruncateARecord() throws Exception {
    for (String sql :
        new String[] {
          "UPDATE audit.audit_log SET action = 'REFUND_ISSUED' WHERE sequence = 2",
          "DELETE FROM audit.audit_log WHERE sequence = 2",
          "TRUNCATE audit.audit_log",
          "TRUNCATE " + partition,
          "DELETE FROM " + partition,
          "UPDATE audit.audit_checkpoint SET note = 'x'",
          "DELETE FROM audit.audit_checkpoint",
          "TRUNCATE audit.audit_checkpoint",
          "ALTER TABLE audit.audit_log DISABLE TRIGGER USER",
          "DROP TABLE audit.audit_log",
          "CREATE TABLE audit.audit_log_2099_01 PARTITION OF audit.audit_log"
              + " FOR VALUES FROM ('2099-01-01') TO ('2099-02-01')"
        }) {
      assertRefusedToApp(sql);
    }
    try (Connection app = db.app()) {
      assertEquals(3, log.query(app, AuditQuery.all()).records().size());
    }
  }

  @Test
  void evenTheOwnerMeetsTheTriggers() throws Exception {
    for (String sql :
        new String[] {
          "UPDATE audit.audit_log SET action = 'REFUND_ISSUED' WHERE sequence = 2",
          "DELETE FROM audit.audit_log WHERE sequence = 2",
          "TRUNCATE audit.audit_log",
          "TRUNCATE " + partition,
          "UPDATE audit.audit_checkpoint SET note = 'x'",
          "DELETE FROM audit.audit_checkpoint",
          "TRUNCATE audit.audit_checkpoint"
        }) {
      try (Connection admin = db.admin();
          Statement s = admin.createStatement()) {
        SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
        assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), sql);
        assertTrue(e.getMessage().contains("append-only"), e.getMessage());
      }
    }
  }

  @Test
  void installingAgainTakesBackPrivilegesGrantedByHand() throws Exception {
    try (Connection admin = db.admin();
        Statement s = admin.createStatement()) {
      s.execute("GRANT UPDATE, DELETE, TRUNCATE ON audit.audit_log TO " + TestPostgres.APP_ROLE);
      log.install(admin, TestPostgres.APP_ROLE);
    }
    assertRefusedToApp("DELETE FROM audit.audit_log WHERE sequence = 1");
    assertRefusedToApp("TRUNCATE audit.audit_log");
  }

  @Test
  void theApplicationRoleHasWhatItNeedsAndNoMore() throws Exception {
    try (Connection admin = db.admin();
        Statement s = admin.createStatement()) {
      var rs =
          s.executeQuery(
              "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type)"
                  + " FROM information_schema.role_table_grants WHERE grantee = '"
                  + TestPostgres.APP_ROLE
                  + "'"
                  + " AND table_schema = 'audit' GROUP BY table_name ORDER BY table_name");
      StringBuilder grants = new StringBuilder();
      while (rs.next()) {
        grants.append(rs.getString(1)).append(": ").append(rs.getString(2)).append('\n');
      }
      assertEquals(
          "audit_checkpoint: INSERT,SELECT\naudit_log: INSERT,SELECT\naudit_pending: DELETE,INSERT,SELECT\n",
          grants.toString());
    }
  }

  private static void assertRefusedToApp(String sql) throws SQLException {
    try (Connection app = db.app();
        Statement s = app.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
      assertTrue(
          INSUFFICIENT_PRIVILEGE.equals(e.getSQLState()) || "42P01".equals(e.getSQLState()),
          sql + ": " + e.getSQLState() + " " + e.getMessage());
    }
  }
}
