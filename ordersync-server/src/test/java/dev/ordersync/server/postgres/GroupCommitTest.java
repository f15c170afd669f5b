package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ordersync.server.TestDatabase;
import dev.ordersync.server.context.RequestContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit: many callers' units of work share a transaction, each under its own savepoint; a
 * failing unit fails alone; every caller returns only after the COMMIT that holds its work; a lone
 * unit commits at once.
 */
class GroupCommitTest {
  private TestDatabase db;
  private HikariDataSource pool;
  private JdbcTransactions tx;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.create();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url());
    config.setUsername("postgres");
    config.setMaximumPoolSize(8);
    pool = new HikariDataSource(config);
    tx = new JdbcTransactions(pool);
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE placed (n int PRIMARY KEY, xid bigint NOT NULL DEFAULT txid_current())");
      s.execute(
          "CREATE TABLE stock (id int PRIMARY KEY, left_over int NOT NULL CHECK (left_over >= 0))");
      s.execute("INSERT INTO stock VALUES (1, 100)");
    }
  }

  @AfterEach
  void tearDown() {
    pool.close();
    db.close();
  }

  /** The id of restaurant {@code n}: units are grouped into lanes by restaurant. */
  private static UUID restaurant(int n) {
    return new UUID(0, n);
  }

  private void place(int n) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO placed (n) VALUES (?)")) {
            ps.setInt(1, n);
            return ps.executeUpdate();
          }
        });
  }

  private long count(String sql) {
    return tx.withConnection(
        c -> {
          try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /**
   * The database going away at the last step before COMMIT (state 08006) is a transient failure,
   * answered 503 so that the client resends with its key, with group commit and without: the batch
   * re-wraps it, and used to lose its SQL state on the way (answered 500).
   */
  @Test
  void theConnectionLostAtTheLastStepIsTransientWithAndWithoutGroupCommit() {
    GroupCommit group = new GroupCommit(tx, pool, 1, 64);
    StorageException grouped =
        assertThrows(StorageException.class, () -> group.runFor(restaurant(1), this::loseIt));
    assertTrue(grouped.transientFailure(), () -> "group commit: " + grouped);
    StorageException alone = assertThrows(StorageException.class, () -> tx.run(this::loseIt));
    assertTrue(alone.transientFailure(), () -> "a transaction of its own: " + alone);
    assertEquals(0, count("SELECT count(*) FROM placed"), "nothing of either was kept");
  }

  private Void loseIt() {
    place(1);
    tx.beforeCommit(
        "feed",
        () -> {
          throw new StorageException(
              "database error 08006",
              new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        });
    return null;
  }

  /** Anything in the chain of causes that says the connection went away makes it transient. */
  @Test
  void aConnectionFailureIsRecognisedThroughTheChainOfCauses() {
    StorageException lost =
        new StorageException("database error", new SQLException("terminating", "57P01"));
    assertTrue(
        new StorageException("could not commit", new SQLException("no savepoint", lost))
            .transientFailure());
    assertTrue(
        new StorageException("could not commit", GroupCommit.brokenBy("a last step failed", lost))
            .transientFailure());
    assertEquals("57P01", GroupCommit.brokenBy("a last step failed", lost).getSQLState());
    StorageException duplicate =
        new StorageException("database error", new SQLException("duplicate key", "23505"));
    assertFalse(
        new StorageException("could not commit", new SQLException("no savepoint", duplicate))
            .transientFailure(),
        "a failed statement is a bug, not an outage");
  }

  @Test
  void aBadUnitInABatchFailsAloneAndItsNeighboursCommit() throws Exception {
    GroupCommit group = new GroupCommit(tx, pool, 1, 1000);
    int callers = 200;
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Integer> failed = new ConcurrentLinkedQueue<>();
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        int n = i;
        futures.add(
            vts.submit(
                () -> {
                  start.await();
                  try {
                    group.runFor(
                        restaurant(0),
                        () -> {
                          place(n);
                          if (n % 10 == 7) {
                            place(n); // a duplicate key: this unit's statement fails inside the
                            // shared transaction
                          }
                          return null;
                        });
                  } catch (StorageException e) {
                    failed.add(n);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    }
    assertEquals(callers / 10, failed.size(), "exactly the bad units fail: " + failed);
    assertTrue(failed.stream().allMatch(n -> n % 10 == 7));
    assertEquals(callers - callers / 10, count("SELECT count(*) FROM placed"));
    assertEquals(
        0,
        count("SELECT count(*) FROM placed WHERE n % 10 = 7"),
        "a failed unit leaves nothing behind");
    assertTrue(
        count("SELECT count(DISTINCT xid) FROM placed") < callers - callers / 10,
        "units that arrived together shared transactions");
  }

  @Test
  void everyCallerReturnsOnlyAfterItsWorkIsCommitted() throws Exception {
    GroupCommit group = new GroupCommit(tx, pool, 2, 16);
    AtomicInteger notVisible = new AtomicInteger();
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        int n = i;
        futures.add(
            vts.submit(
                () -> {
                  group.runFor(
                      restaurant(n % 5),
                      () -> {
                        place(n);
                        return null;
                      });
                  // Another connection must already see it: the answer came after COMMIT.
                  try (Connection c = pool.getConnection();
                      PreparedStatement ps =
                          c.prepareStatement("SELECT count(*) FROM placed WHERE n = ?")) {
                    ps.setInt(1, n);
                    try (ResultSet rs = ps.executeQuery()) {
                      rs.next();
                      if (rs.getInt(1) != 1) {
                        notVisible.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    assertEquals(0, notVisible.get());
    assertEquals(300, count("SELECT count(*) FROM placed"));
  }

  @Test
  void aLoneUnitCommitsAtOnceWithoutWaitingForCompany() {
    GroupCommit group = new GroupCommit(tx, pool, 4, 64);
    for (int i = 0; i < 5; i++) {
      int n = i;
      long t0 = System.nanoTime();
      group.runFor(
          restaurant(0),
          () -> {
            place(n);
            return null;
          });
      assertEquals(n + 1, count("SELECT count(*) FROM placed"));
      assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
    }
    assertEquals(
        5,
        count("SELECT count(DISTINCT xid) FROM placed"),
        "one transaction each: nobody else was there");
  }

  @Test
  void stockTakenByConcurrentUnitsIsExactAndNeverBelowZero() throws Exception {
    GroupCommit group = new GroupCommit(tx, pool, 3, 32);
    AtomicInteger soldOut = new AtomicInteger();
    try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        int n = i;
        futures.add(
            vts.submit(
                () -> {
                  try {
                    group.runFor(
                        restaurant(0),
                        () -> {
                          int taken =
                              tx.withConnection(
                                  c ->
                                      c.createStatement()
                                          .executeUpdate(
                                              "UPDATE stock SET left_over = left_over - 1 WHERE id = 1 AND left_over >= 1"));
                          if (taken == 0) {
                            throw new IllegalStateException("sold out");
                          }
                          place(n);
                          return null;
                        });
                  } catch (IllegalStateException e) {
                    soldOut.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    assertEquals(50, soldOut.get());
    assertEquals(100, count("SELECT count(*) FROM placed"));
    assertEquals(0, count("SELECT left_over FROM stock WHERE id = 1"));
  }

  @Test
  void aUnitStartedInsideAnOpenUnitOfWorkJoinsIt() {
    GroupCommit group = new GroupCommit(tx, pool, 1, 8);
    assertThrows(
        IllegalStateException.class,
        () ->
            tx.run(
                () -> {
                  group.runFor(
                      restaurant(0),
                      () -> {
                        place(1);
                        return null;
                      });
                  throw new IllegalStateException("the outer unit fails");
                }));
    assertEquals(
        0, count("SELECT count(*) FROM placed"), "the inner work rolled back with the outer unit");
  }

  @Test
  void aUnitRunsOnItsLaneWithTheContextOfTheRequestItCameFromAndNoOther() {
    GroupCommit group = new GroupCommit(tx, pool, 1, 8);
    List<String> seen = new ArrayList<>();
    new RequestContext("request-1", null, "203.0.113.9")
        .run(
            () ->
                group.runFor(
                    restaurant(0),
                    () -> {
                      seen.add(Thread.currentThread().getName());
                      seen.add(RequestContext.current().orElseThrow().requestId());
                      seen.add(String.valueOf(tx.inTransaction()));
                      return null;
                    }));
    group.runFor(
        restaurant(0),
        () -> {
          seen.add(RequestContext.current().map(RequestContext::requestId).orElse("none"));
          return null;
        });
    assertTrue(seen.getFirst().startsWith("order-lane-"), seen::toString);
    assertEquals(List.of("request-1", "true", "none"), seen.subList(1, 4));
    assertFalse(tx.inTransaction(), "nothing stays bound on the caller's thread");
  }
}
