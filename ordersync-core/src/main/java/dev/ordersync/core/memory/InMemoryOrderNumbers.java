package dev.ordersync.core.memory;

import dev.ordersync.core.order.OrderNumbers;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** {@link OrderNumbers} as one counter per restaurant and day. */
final class InMemoryOrderNumbers implements OrderNumbers, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private Map<String, Integer> counters = new HashMap<>();

  InMemoryOrderNumbers(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    Map<String, Integer> before = new HashMap<>(counters);
    return () -> counters = before;
  }

  @Override
  public int next(UUID restaurantId, LocalDate day) {
    return tx.locked(() -> counters.merge(restaurantId + "/" + day, 1, Integer::sum));
  }
}
