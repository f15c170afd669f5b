package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ordersync.server.TestDatabase;
import java.sql.ResultSet;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Overload: when every pooled connection is busy for longer than the pool waits, the request is
 * told to come back later (a transient failure, answered 503 with Retry-After), not that something
 * broke (500); a failed statement is still not transient.
 */
class PoolExhaustionTest {
  @Test
  void noFreeConnectionInTimeIsTransientAndAFailedStatementIsNot() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(db.url());
      config.setUsername("postgres");
      config.setMaximumPoolSize(1);
      config.setConnectionTimeout(250);
      try (HikariDataSource pool = new HikariDataSource(config)) {
        JdbcTransactions tx = new JdbcTransactions(pool);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder =
            Thread.ofVirtual()
                .start(
                    () ->
                        tx.run(
                            () ->
                                tx.withConnection(
                                    c -> {
                                      holding.countDown();
                                      try {
                                        release.await();
                                      } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                      }
                                      return null;
                                    })));
        holding.await();
        StorageException busy =
            assertThrows(
                StorageException.class,
                () -> tx.withConnection(c -> c.createStatement().execute("SELECT 1")));
        assertTrue(busy.transientFailure(), busy.getMessage());
        assertTrue(
            busy.getMessage().startsWith("no database connection free in time"), busy.getMessage());
        release.countDown();
        holder.join();

        StorageException broken =
            assertThrows(
                StorageException.class,
                () -> tx.withConnection(c -> c.createStatement().execute("SELEC 1")));
        assertFalse(broken.transientFailure(), "a bad statement is a bug, not overload");
        assertTrue(broken.getMessage().startsWith("database error 42601"), broken.getMessage());
        assertEquals(
            1,
            (int)
                tx.withConnection(
                    c -> {
                      try (ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                        rs.next();
                        return rs.getInt(1);
                      }
                    }),
            "the pool works again once the connection is back");
      }
    }
  }
}
