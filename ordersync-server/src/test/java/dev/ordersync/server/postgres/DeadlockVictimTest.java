package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.shared.TransientFailure;
import dev.ordersync.server.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A transaction PostgreSQL chose as a deadlock's victim is a failure worth retrying (answered 503
 * with a one-second Retry-After, so the client resends with its Idempotency-Key), not a server
 * fault; a plain failed statement stays one. Two instances' group-commit batches that take the same
 * restaurants' rows in opposite orders meet this (bench/scale-out.sh).
 */
class DeadlockVictimTest {
  @Test
  void aRealDeadlockVictimIsTransientAndAskedToRetryInASecond() throws Exception {
    SQLException victim = null;
    try (TestDatabase db = TestDatabase.create();
        Connection a = db.connect();
        Connection b = db.connect()) {
      try (Statement st = a.createStatement()) {
        st.execute("CREATE TABLE rows_in_turn (id int PRIMARY KEY, n int)");
        st.execute("INSERT INTO rows_in_turn VALUES (1, 0), (2, 0)");
      }
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      a.createStatement().execute("UPDATE rows_in_turn SET n = n + 1 WHERE id = 1");
      b.createStatement().execute("UPDATE rows_in_turn SET n = n + 1 WHERE id = 2");
      CountDownLatch started = new CountDownLatch(1);
      CompletableFuture<SQLException> second =
          CompletableFuture.supplyAsync(
              () -> {
                started.countDown();
                try {
                  b.createStatement().execute("UPDATE rows_in_turn SET n = n + 1 WHERE id = 1");
                  return null;
                } catch (SQLException e) {
                  try {
                    b.rollback(); // the victim ends at once, so that the other goes on
                  } catch (SQLException ignored) {
                    // the connection is closed with the test
                  }
                  return e;
                }
              });
      started.await();
      Thread.sleep(200);
      SQLException first = null;
      try {
        a.createStatement().execute("UPDATE rows_in_turn SET n = n + 1 WHERE id = 2");
      } catch (SQLException e) {
        first = e;
      }
      // The victim keeps its locks until it ends: end it, so that the other goes on.
      a.rollback();
      SQLException other = second.get(30, TimeUnit.SECONDS);
      b.rollback();
      victim = first != null ? first : other;
    }
    assertNotNull(victim, "one of the two transactions was chosen as the deadlock's victim");
    assertEquals("40P01", victim.getSQLState());
    StorageException failure = new StorageException("placing an order", victim);
    assertTrue(failure.transientFailure());
    assertFalse(failure.unavailable(), "the database itself is up");
    assertEquals(1, failure.retryAfterSeconds());
    // Wrapped again on its way up (a group-commit batch), it is still recognised.
    assertNotNull(TransientFailure.in(new IllegalStateException("batch", failure)));
  }

  @Test
  void aFailedStatementIsNotTransient() throws Exception {
    try (TestDatabase db = TestDatabase.create();
        Connection c = db.connect();
        Statement st = c.createStatement()) {
      SQLException broken = null;
      try {
        st.execute("SELECT * FROM no_such_table");
      } catch (SQLException e) {
        broken = e;
      }
      assertNotNull(broken);
      assertFalse(new StorageException("reading", broken).transientFailure());
    }
  }
}
