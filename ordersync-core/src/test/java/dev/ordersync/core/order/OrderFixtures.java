package dev.ordersync.core.order;

import dev.ordersync.core.shared.Won;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Orders in every status, built directly, for tests of the state machine. */
final class OrderFixtures {
  static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");

  private OrderFixtures() {}

  static Order anOrderIn(OrderStatus status) {
    List<OrderLine> lines = List.of(OrderLine.of(UUID.randomUUID(), "Bibimbap", Won.of(9000), 2));
    return new Order(
        UUID.randomUUID(),
        UUID.randomUUID(),
        OrderNumber.ofDailySequence(1),
        status,
        3,
        Fulfillment.TAKEOUT,
        null,
        null,
        new Customer(null, null, null),
        lines,
        Won.of(18000),
        Won.ZERO,
        Won.of(18000),
        null,
        null,
        null,
        T0,
        T0);
  }

  static Order.Change act(Order order, OrderAction action) {
    Instant at = T0.plusSeconds(60);
    return switch (action) {
      case PAY -> order.pay(at);
      case ACCEPT -> order.accept(20, at);
      case REJECT -> order.reject("kitchen closed", at);
      case START -> order.start(at);
      case MARK_READY -> order.markReady(at);
      case COMPLETE -> order.complete(at);
      case CANCEL_BY_CUSTOMER -> order.cancelByCustomer(null, at);
      case CANCEL_BY_RESTAURANT -> order.cancelByRestaurant("out of rice", at);
      case EXPIRE -> order.expire(at);
    };
  }
}
