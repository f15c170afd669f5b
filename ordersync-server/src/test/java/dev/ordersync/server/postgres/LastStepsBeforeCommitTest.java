package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class LastStepsBeforeCommitTest {
  /** Connections of the test database, one per call. */
  static DataSource of(TestDatabase db) {
    return new DataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        return db.connect();
      }

      @Override
      public Connection getConnection(String user, String password) throws SQLException {
        return db.connect();
      }

      @Override
      public PrintWriter getLogWriter() {
        return null;
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() {
        return Logger.getGlobal();
      }

      @Override
      public <T> T unwrap(Class<T> iface) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean isWrapperFor(Class<?> iface) {
        return false;
      }
    };
  }

  @Test
  void lastStepsRunInKeyOrderThenInTheOrderTheyCameJustBeforeCommitAndNeverAfterARollback() {
    try (TestDatabase db = TestDatabase.create()) {
      JdbcTransactions tx = new JdbcTransactions(of(db));
      List<String> ran = new ArrayList<>();
      tx.run(
          () -> {
            tx.beforeCommit("restaurant-b", () -> ran.add("b1"));
            tx.beforeCommit("restaurant-a", () -> ran.add("a1"));
            tx.beforeCommit("restaurant-b", () -> ran.add("b2"));
            tx.afterCommit(() -> ran.add("after"));
            assertTrue(ran.isEmpty(), "nothing runs before the work is done");
            return null;
          });
      assertEquals(List.of("a1", "b1", "b2", "after"), ran);

      ran.clear();
      try {
        tx.run(
            () -> {
              tx.beforeCommit("x", () -> ran.add("x"));
              throw new IllegalStateException("refused");
            });
      } catch (IllegalStateException expected) {
        // rolled back
      }
      assertEquals(List.of(), ran);
      tx.beforeCommit("outside", () -> ran.add("at once"));
      assertEquals(List.of("at once"), ran, "outside a unit of work a last step runs at once");
    }
  }
}
