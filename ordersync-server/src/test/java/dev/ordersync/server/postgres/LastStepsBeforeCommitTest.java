package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LastStepsBeforeCommitTest {
  @Test
  void lastStepsRunInKeyOrderThenInTheOrderTheyCameJustBeforeCommitAndNeverAfterARollback() {
    try (TestDatabase db = TestDatabase.create()) {
      JdbcTransactions tx = new JdbcTransactions(db.dataSource());
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
