package dev.ordersync.core.memory;

import dev.ordersync.core.order.Customer;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.order.Orders;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@link Orders} in a map. */
final class InMemoryOrders implements Orders, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private Map<UUID, Order> orders = new LinkedHashMap<>();

  InMemoryOrders(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    Map<UUID, Order> before = new LinkedHashMap<>(orders);
    return () -> orders = before;
  }

  @Override
  public void add(Order order, LocalDate businessDay) {
    tx.locked(() -> orders.put(order.id(), order));
  }

  @Override
  public Optional<Order> byId(UUID id) {
    return tx.locked(() -> Optional.ofNullable(orders.get(id)));
  }

  @Override
  public void update(Order order) {
    tx.locked(
        () -> {
          Order stored = orders.get(order.id());
          if (stored == null || stored.version() != order.version() - 1) {
            throw MemoryTransactions.stale("order");
          }
          orders.put(order.id(), order);
        });
  }

  @Override
  public List<Order> list(
      UUID restaurantId,
      Set<OrderStatus> statuses,
      Instant from,
      Instant to,
      UUID before,
      int limit) {
    return tx.locked(
        () ->
            orders.values().stream()
                .filter(o -> o.restaurantId().equals(restaurantId))
                .filter(o -> statuses.isEmpty() || statuses.contains(o.status()))
                .filter(o -> from == null || !o.createdAt().isBefore(from))
                .filter(o -> to == null || o.createdAt().isBefore(to))
                .filter(o -> before == null || o.id().compareTo(before) < 0)
                .sorted(Comparator.comparing(Order::id).reversed())
                .limit(limit)
                .toList());
  }

  @Override
  public List<Order> awaitingPayment(Instant createdBefore, int limit) {
    return tx.locked(
        () ->
            orders.values().stream()
                .filter(
                    o ->
                        o.status() == OrderStatus.AWAITING_PAYMENT
                            && o.createdAt().isBefore(createdBefore))
                .sorted(Comparator.comparing(Order::createdAt))
                .limit(limit)
                .toList());
  }

  @Override
  public List<Order> byCustomer(UUID userId) {
    return tx.locked(
        () ->
            orders.values().stream()
                .filter(o -> userId.equals(o.customer().userId()))
                .sorted(Comparator.comparing(Order::id).reversed())
                .toList());
  }

  @Override
  public void eraseCustomer(UUID userId) {
    tx.locked(
        () -> {
          for (Order o : List.copyOf(orders.values())) {
            if (userId.equals(o.customer().userId())) {
              orders.put(o.id(), withoutCustomerDetails(o, userId));
            }
          }
        });
  }

  @Override
  public void eraseOrderCustomer(UUID orderId) {
    tx.locked(
        () -> {
          Order o = orders.get(orderId);
          if (o != null) {
            orders.put(orderId, withoutCustomerDetails(o, o.customer().userId()));
          }
        });
  }

  private static Order withoutCustomerDetails(Order o, UUID userId) {
    return new Order(
        o.id(),
        o.restaurantId(),
        o.number(),
        o.status(),
        o.version(),
        o.fulfillment(),
        o.table(),
        null,
        new Customer(userId, null, null),
        o.lines(),
        o.subtotal(),
        o.discount(),
        o.total(),
        o.prepMinutes(),
        o.readyBy(),
        o.reason(),
        o.createdAt(),
        o.updatedAt());
  }
}
