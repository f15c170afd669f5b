package dev.ordersync.audit;

import static dev.ordersync.audit.AuditFixtures.ownerAcceptsOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record commits with the change it describes, or not at all; and the chain follows the order of
 * commits.
 */
class AppendingInTheCallersTransactionTest {
  static TestPostgres db;
  AuditLog log;
  AuditSealer sealer;

  @BeforeAll
  static void database() {
    db = TestPostgres.create();
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @BeforeEach
  void freshLog() throws SQLException {
    log =
        AuditLog.builder()
            .schema(AuditFixtures.freshSchema())
            .valueSealer(AuditFixtures.tinkSealer())
            .build();
    try (Connection admin = db.admin();
        Statement s = admin.createStatement()) {
      log.install(admin, TestPostgres.APP_ROLE);
      s.execute("CREATE TABLE IF NOT EXISTS dish (id int PRIMARY KEY, price int NOT NULL)");
      s.execute("INSERT INTO dish VALUES (1, 9000) ON CONFLICT (id) DO UPDATE SET price = 9000");
      s.execute("GRANT SELECT, INSERT, UPDATE ON dish TO " + TestPostgres.APP_ROLE);
    }
    sealer = AuditSealer.builder(log, AuditFixtures.signer()).build();
  }

  @Test
  void aRecordCommitsWithTheChangeItDescribes() throws Exception {
    UUID id;
    try (Connection app = db.app()) {
      app.setAutoCommit(false);
      try (Statement s = app.createStatement()) {
        s.executeUpdate("UPDATE dish SET price = 9500 WHERE id = 1");
      }
      id =
          log.append(
              app,
              AuditEntry.of(Actor.user("owner-1", "OWNER", "r-1"), AuditAction.MENU_UPDATED)
                  .about("dish", "1")
                  .values("{\"price\":9000}", "{\"price\":9500}"));
      app.commit();
      app.setAutoCommit(true);
      assertEquals(1, sealer.sealPending(app));
      AuditRecord record = log.record(app, 1).orElseThrow();
      assertEquals(id, record.id());
      assertEquals(new AuditValues("{\"price\":9000}", "{\"price\":9500}"), log.open(record));
    }
  }

  @Test
  void aRolledBackChangeLeavesNoRecord() throws Exception {
    try (Connection app = db.app()) {
      app.setAutoCommit(false);
      try (Statement s = app.createStatement()) {
        s.executeUpdate("UPDATE dish SET price = 1 WHERE id = 1");
      }
      log.append(app, ownerAcceptsOrder(1));
      app.rollback();
      app.setAutoCommit(true);
      assertEquals(0, sealer.sealPending(app));
      assertEquals(0, pending(app));
      assertTrue(log.query(app, AuditQuery.all()).records().isEmpty());
    }
  }

  @Test
  void aRolledBackSavepointTakesItsRecordWithIt() throws Exception {
    // The shape of group commit: several units of work in one transaction, each under its own
    // savepoint.
    try (Connection app = db.app()) {
      app.setAutoCommit(false);
      Savepoint first = app.setSavepoint();
      log.append(app, ownerAcceptsOrder(1));
      app.rollback(first);
      app.setSavepoint();
      UUID kept = log.append(app, ownerAcceptsOrder(2));
      app.commit();
      app.setAutoCommit(true);
      assertEquals(1, sealer.sealPending(app));
      assertEquals(kept, log.record(app, 1).orElseThrow().id());
    }
  }

  @Test
  void appendsWaitNeitherForEachOtherNorForTheSealer() throws Exception {
    try (Connection slow = db.app();
        Connection quick = db.app();
        Connection sealing = db.app()) {
      slow.setAutoCommit(false);
      UUID slowId = log.append(slow, ownerAcceptsOrder(1));
      // The slow transaction is still open: another append and a sealer run finish anyway,
      // promptly.
      UUID quickId =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () -> {
                quick.setAutoCommit(false);
                UUID id = log.append(quick, ownerAcceptsOrder(2));
                quick.commit();
                return id;
              });
      assertEquals(
          1, assertTimeoutPreemptively(Duration.ofSeconds(5), () -> sealer.sealPending(sealing)));
      slow.commit();
      assertEquals(1, sealer.sealPending(sealing));
      assertEquals(quickId, log.record(sealing, 1).orElseThrow().id());
      assertEquals(slowId, log.record(sealing, 2).orElseThrow().id());
    }
  }

  @Test
  void recordsAreSealedInCommitOrderNotInTheOrderTheyWereWritten() throws Exception {
    try (Connection first = db.app();
        Connection second = db.app();
        Connection sealing = db.app()) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      UUID writtenFirst = log.append(first, ownerAcceptsOrder(1));
      UUID writtenSecond = log.append(second, ownerAcceptsOrder(2));
      second.commit();
      first.commit();
      assertEquals(2, sealer.sealPending(sealing));
      assertEquals(writtenSecond, log.record(sealing, 1).orElseThrow().id());
      assertEquals(writtenFirst, log.record(sealing, 2).orElseThrow().id());
    }
  }

  @Test
  void aChangeThatHadToWaitForAnotherIsSealedAfterIt() throws Exception {
    // The case insert order gets wrong: B writes its record first, then waits for A's row lock on
    // the same dish.
    // B's change to the dish happens after A's, and so must its record.
    try (Connection a = db.app();
        Connection b = db.app();
        Connection sealing = db.app()) {
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      try (Statement s = a.createStatement()) {
        s.executeUpdate("UPDATE dish SET price = 9100 WHERE id = 1");
      }
      long bPid = backendPid(b);
      UUID bId =
          log.append(
              b,
              AuditEntry.of(Actor.user("staff-2", "STAFF", "r-1"), AuditAction.MENU_UPDATED)
                  .about("dish", "1")
                  .values("{\"price\":9100}", "{\"price\":9200}"));
      CompletableFuture<Void> bWaits =
          CompletableFuture.runAsync(
              () -> {
                try (Statement s = b.createStatement()) {
                  s.executeUpdate("UPDATE dish SET price = 9200 WHERE id = 1");
                  b.commit();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      awaitLockWait(bPid);
      UUID aId =
          log.append(
              a,
              AuditEntry.of(Actor.user("owner-1", "OWNER", "r-1"), AuditAction.MENU_UPDATED)
                  .about("dish", "1")
                  .values("{\"price\":9000}", "{\"price\":9100}"));
      a.commit();
      bWaits.get(10, TimeUnit.SECONDS);
      assertEquals(2, sealer.sealPending(sealing));
      assertEquals(aId, log.record(sealing, 1).orElseThrow().id());
      assertEquals(bId, log.record(sealing, 2).orElseThrow().id());
      assertTrue(log.verify(sealing, List.of()).intact());
    }
  }

  @Test
  void pendingRecordsAreInvisibleUntilSealed() throws Exception {
    try (Connection app = db.app()) {
      log.append(app, ownerAcceptsOrder(1)); // auto-commit: a transaction of its own
      assertTrue(log.query(app, AuditQuery.all()).records().isEmpty());
      assertEquals(1, sealer.sealPending(app));
      assertEquals(1, log.query(app, AuditQuery.all()).records().size());
    }
  }

  @Test
  void theSealerWantsAConnectionOfItsOwn() throws Exception {
    try (Connection app = db.app()) {
      app.setAutoCommit(false);
      assertThrows(IllegalStateException.class, () -> sealer.sealPending(app));
      app.rollback();
    }
  }

  @Test
  void anAdministratorPagesThroughRecordsByEntityActorActionAndTime() throws Exception {
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    try (Connection app = db.app()) {
      for (int i = 1; i <= 30; i++) {
        AuditAction action = i % 3 == 0 ? AuditAction.CANCEL_ORDER : AuditAction.ACCEPT_ORDER;
        log.append(
            app,
            AuditEntry.of(Actor.user("user-" + (i % 2), "OWNER", "r-" + (i % 5)), action)
                .about("order", "order-" + (i % 4))
                .at(t0.plusSeconds(3600L * i)));
      }
      log.append(
          app, AuditEntry.of(Actor.anonymous(), AuditAction.LOGIN_FAILED).about("user", null));
      assertEquals(31, sealer.sealPending(app));

      AuditPage page = log.query(app, AuditQuery.all().limit(12));
      assertEquals(12, page.records().size());
      assertTrue(page.hasMore());
      AuditPage next =
          log.query(app, AuditQuery.all().limit(12).startingAfter(page.nextCursor().getAsLong()));
      assertEquals(13, next.records().get(0).sequence());
      AuditPage last = log.query(app, AuditQuery.all().limit(12).startingAfter(24));
      assertEquals(7, last.records().size());
      assertTrue(!last.hasMore() && last.nextCursor().isEmpty());

      AuditPage newest = log.query(app, AuditQuery.all().newestFirst().limit(5));
      assertEquals(
          List.of(31L, 30L, 29L, 28L, 27L),
          newest.records().stream().map(AuditRecord::sequence).toList());
      assertEquals(
          26,
          log.query(app, AuditQuery.all().newestFirst().limit(5).startingAfter(27))
              .records()
              .get(0)
              .sequence());

      assertEquals(8, log.query(app, AuditQuery.all().entity("order", "order-1")).records().size());
      assertEquals(30, log.query(app, AuditQuery.all().entity("order", null)).records().size());
      assertEquals(15, log.query(app, AuditQuery.all().actor("user-0")).records().size());
      assertEquals(6, log.query(app, AuditQuery.all().restaurant("r-0")).records().size());
      assertEquals(
          10, log.query(app, AuditQuery.all().action(AuditAction.CANCEL_ORDER)).records().size());
      assertEquals(
          1, log.query(app, AuditQuery.all().action(AuditAction.LOGIN_FAILED)).records().size());
      List<AuditRecord> window =
          log.query(
                  app,
                  AuditQuery.all().between(t0.plusSeconds(3600L * 5), t0.plusSeconds(3600L * 10)))
              .records();
      assertEquals(
          List.of(5L, 6L, 7L, 8L, 9L), window.stream().map(AuditRecord::sequence).toList());
      assertEquals(
          1,
          log.query(
                  app,
                  AuditQuery.all()
                      .entity("order", "order-1")
                      .action(AuditAction.CANCEL_ORDER)
                      .between(t0, t0.plusSeconds(3600L * 20)))
              .records()
              .size());
    }
  }

  private static long backendPid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Until the backend {@code pid} is blocked on a lock, so the test does not depend on timing. */
  private static void awaitLockWait(long pid) throws Exception {
    try (Connection admin = db.admin()) {
      for (int i = 0; i < 200; i++) {
        try (Statement s = admin.createStatement();
            ResultSet rs =
                s.executeQuery("SELECT wait_event_type FROM pg_stat_activity WHERE pid = " + pid)) {
          if (rs.next() && "Lock".equals(rs.getString(1))) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("backend " + pid + " never waited for the lock");
  }

  private long pending(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + log.schema() + ".audit_pending")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
