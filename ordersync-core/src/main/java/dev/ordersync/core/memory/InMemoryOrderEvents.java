package dev.ordersync.core.memory;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderEvents;
import java.util.ArrayList;
import java.util.List;

/** {@link OrderEvents} as a list, oldest first. */
final class InMemoryOrderEvents implements OrderEvents, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private List<OrderEvent> events = new ArrayList<>();

  InMemoryOrderEvents(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    List<OrderEvent> before = new ArrayList<>(events);
    return () -> events = before;
  }

  @Override
  public void append(Order order, OrderEvent event) {
    tx.locked(() -> events.add(event));
  }

  List<OrderEvent> all() {
    return tx.locked(() -> List.copyOf(events));
  }
}
