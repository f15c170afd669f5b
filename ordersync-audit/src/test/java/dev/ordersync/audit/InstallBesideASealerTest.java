package dev.ordersync.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Installing again (a second server instance starting) while a sealer works: the install waits for
 * the sealer's batch, and no sealer batch runs while the install's DDL does. The two once
 * deadlocked on the same tables taken in different orders.
 */
class InstallBesideASealerTest {
  static TestPostgres db;
  static AuditLog log;

  @BeforeAll
  static void installed() throws Exception {
    db = TestPostgres.create();
    log = AuditLog.builder().valueSealer(AuditFixtures.tinkSealer()).build();
    try (Connection admin = db.admin()) {
      log.install(admin, TestPostgres.APP_ROLE);
    }
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void anInstallWaitsForTheSealersBatchAndKeepsSealersOutWhileItRuns() throws Exception {
    AuditFixtures.appendCommitted(db, log, 2);
    try (Connection sealerBatch = db.app()) {
      sealerBatch.setAutoCommit(false);
      assertTrue(holdsSealerLock(sealerBatch), "a sealer batch holds the sealer's lock");
      CompletableFuture<Void> install =
          CompletableFuture.runAsync(
              () -> {
                try (Connection admin = db.admin()) {
                  log.install(admin, TestPostgres.APP_ROLE);
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      Thread.sleep(500);
      assertFalse(install.isDone(), "the install waits while a sealer batch is open");
      sealerBatch.commit();
      install.get(30, TimeUnit.SECONDS);
    }
    try (Connection app = db.app()) {
      AuditSealer sealer = AuditSealer.builder(log, AuditFixtures.signer()).build();
      assertEquals(2, sealer.sealPending(app), "sealing goes on after the install");
    }
  }

  @Test
  void anInstallBesideAnOpenAppendWaitsForItInsteadOfDeadlocking() throws Exception {
    try (Connection appender = db.app()) {
      appender.setAutoCommit(false);
      // Holds the pending table; takes the commit-ticket function at commit (deferred trigger).
      log.append(appender, AuditFixtures.ownerAcceptsOrder(1));
      CompletableFuture<Void> install =
          CompletableFuture.runAsync(
              () -> {
                try (Connection admin = db.admin()) {
                  log.install(admin, TestPostgres.APP_ROLE);
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      Thread.sleep(500);
      assertFalse(install.isDone(), "the install waits for the open append");
      // The install took the table first, so it cannot hold the function this commit needs.
      appender.commit();
      install.get(30, TimeUnit.SECONDS);
    }
    try (Connection app = db.app()) {
      AuditSealer sealer = AuditSealer.builder(log, AuditFixtures.signer()).build();
      assertTrue(sealer.sealPending(app) >= 1, "the append was kept and seals");
    }
  }

  @Test
  void noSealerBatchRunsWhileAnInstallIsOpen() throws Exception {
    try (Connection admin = db.admin();
        Connection app = db.app()) {
      admin.setAutoCommit(false);
      try (Statement s = admin.createStatement()) {
        // What install holds until it commits.
        s.execute("SELECT pg_advisory_xact_lock(hashtext('audit.audit sealer'))");
      }
      AuditFixtures.appendCommitted(db, log, 1);
      AuditSealer sealer = AuditSealer.builder(log, AuditFixtures.signer()).build();
      assertEquals(0, sealer.sealPending(app), "the sealer steps aside");
      admin.commit();
      assertEquals(1, sealer.sealPending(app));
    }
  }

  private static boolean holdsSealerLock(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT pg_try_advisory_xact_lock(hashtext('audit.audit sealer'))")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
