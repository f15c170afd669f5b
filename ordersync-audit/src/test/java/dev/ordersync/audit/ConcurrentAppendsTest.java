package dev.ordersync.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many writers and two server instances at once: 32 threads append in their own transactions (some
 * roll back, some append twice) while two sealers, each with its own connection and its own state,
 * as in two processes, seal and checkpoint concurrently. The chain that results holds exactly the
 * committed records, in one valid order.
 */
class ConcurrentAppendsTest {
  static final int THREADS = 32;
  static final int TRANSACTIONS_PER_THREAD = 25;
  static TestPostgres db;

  @BeforeAll
  static void database() {
    db = TestPostgres.create();
  }

  @AfterAll
  static void drop() {
    db.close();
  }

  @Test
  void thirtyTwoWritersAndTwoSealersLeaveAValidChainOfExactlyTheCommittedRecords()
      throws Exception {
    AuditLog log =
        AuditLog.builder().schema("audit").valueSealer(AuditFixtures.tinkSealer()).build();
    try (Connection admin = db.admin()) {
      log.install(admin, TestPostgres.APP_ROLE);
      log.ensurePartitions(admin, YearMonth.now(ZoneOffset.UTC), 2);
    }
    CheckpointSigner key = AuditFixtures.signer();
    List<Checkpoint> checkpoints = new ArrayList<>();
    // Two instances: same database, same key, nothing else shared.
    CountDownLatch firstCheckpoint = new CountDownLatch(1);
    Consumer<Checkpoint> publish =
        cp -> {
          add(checkpoints, cp);
          firstCheckpoint.countDown();
        };
    AuditSealer instanceA =
        AuditSealer.builder(log, key).batchSize(50).onCheckpoint(publish).build();
    AuditSealer instanceB =
        AuditSealer.builder(log, key).batchSize(50).onCheckpoint(publish).build();

    Set<UUID> committed = ConcurrentHashMap.newKeySet();
    AtomicInteger rolledBack = new AtomicInteger();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger sealedByA = new AtomicInteger();
    AtomicInteger sealedByB = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
    List<Future<?>> sealers =
        List.of(
            pool.submit(() -> sealLoop(instanceA, writing, sealedByA, start)),
            pool.submit(() -> sealLoop(instanceB, writing, sealedByB, start)));
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      writers.add(
          pool.submit(
              () -> {
                start.await();
                try (Connection app = db.app()) {
                  app.setAutoCommit(false);
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < TRANSACTIONS_PER_THREAD; i++) {
                    if (i == TRANSACTIONS_PER_THREAD / 2) {
                      // Halfway, make sure a checkpoint was signed while writing, so there is one
                      // to extend later.
                      assertTrue(
                          firstCheckpoint.await(60, TimeUnit.SECONDS),
                          "no checkpoint while writing");
                    }
                    List<UUID> mine = new ArrayList<>();
                    int records = random.nextInt(4) == 0 ? 2 : 1;
                    for (int r = 0; r < records; r++) {
                      mine.add(log.append(app, AuditFixtures.ownerAcceptsOrder(thread * 1000 + i)));
                    }
                    Thread.sleep(random.nextInt(3));
                    if (random.nextInt(4) == 0) {
                      app.rollback();
                      rolledBack.addAndGet(records);
                    } else {
                      app.commit();
                      committed.addAll(mine);
                    }
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> w : writers) {
      w.get(120, TimeUnit.SECONDS);
    }
    writing.set(false);
    for (Future<?> s : sealers) {
      s.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    try (Connection app = db.app()) {
      instanceA.sealPending(app);
      instanceA.checkpoint(app);
      assertEquals(
          0, count(app, "SELECT count(*) FROM audit.audit_pending"), "nothing left pending");
      Set<UUID> sealed = new HashSet<>();
      long expected = 1;
      for (AuditPage page = log.query(app, AuditQuery.all().limit(1000)); ; ) {
        for (AuditRecord r : page.records()) {
          assertEquals(expected++, r.sequence(), "sequences are 1, 2, 3... without gaps");
          sealed.add(r.id());
        }
        if (!page.hasMore()) {
          break;
        }
        page =
            log.query(
                app, AuditQuery.all().limit(1000).startingAfter(page.nextCursor().getAsLong()));
      }
      assertEquals(
          committed, sealed, "exactly the committed records, none of the rolled back ones");
      assertTrue(rolledBack.get() > 0 && committed.size() > 500, committed.size() + " committed");
      assertTrue(sealedByA.get() + sealedByB.get() > 0);

      List<Checkpoint> stored = log.checkpoints(app, key.verifier());
      assertTrue(
          stored.size() >= 2, "a checkpoint made while writing, and the last: " + stored.size());
      Verification v = log.verify(app, stored);
      assertTrue(v.intact(), v.findings().toString());
      assertEquals(committed.size(), v.records());
      for (int i = 1; i < stored.size(); i++) {
        assertTrue(
            log.proveConsistency(app, stored.get(i - 1), stored.get(i))
                .verify(stored.get(i - 1), stored.get(i)));
      }
    }
  }

  private static Void sealLoop(
      AuditSealer sealer, AtomicBoolean writing, AtomicInteger sealed, CountDownLatch start)
      throws Exception {
    start.await();
    try (Connection app = db.app()) {
      while (writing.get()) {
        sealed.addAndGet(sealer.sealPending(app));
        sealer.checkpointIfDue(app, 1, Duration.ZERO);
        Thread.sleep(5);
      }
    }
    return null;
  }

  private static synchronized void add(List<Checkpoint> list, Checkpoint cp) {
    list.add(cp);
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
