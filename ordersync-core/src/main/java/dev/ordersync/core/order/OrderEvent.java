package dev.ordersync.core.order;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to an order. Every change of an order produces exactly one; the audit
 * trail, the outbox, live pushes and notifications are all fed from them.
 */
public sealed interface OrderEvent {
  UUID eventId();

  UUID orderId();

  UUID restaurantId();

  /** The order's version after this event. */
  long version();

  /** The order's status after this event. */
  OrderStatus status();

  Instant at();

  /**
   * Whether the restaurant is told of this event. An order awaiting its online payment is not the
   * restaurant's yet: its creation, and its expiry if the payment never comes, concern the customer
   * only. Its payment is the first the restaurant hears of it.
   */
  default boolean reachesRestaurant() {
    return status() != OrderStatus.AWAITING_PAYMENT && status() != OrderStatus.EXPIRED;
  }

  record OrderCreated(
      UUID eventId, UUID orderId, UUID restaurantId, long version, OrderStatus status, Instant at)
      implements OrderEvent {}

  record OrderPaid(
      UUID eventId, UUID orderId, UUID restaurantId, long version, OrderStatus status, Instant at)
      implements OrderEvent {}

  record OrderAccepted(
      UUID eventId,
      UUID orderId,
      UUID restaurantId,
      long version,
      OrderStatus status,
      Instant at,
      int prepMinutes)
      implements OrderEvent {}

  record OrderRejected(
      UUID eventId,
      UUID orderId,
      UUID restaurantId,
      long version,
      OrderStatus status,
      Instant at,
      String reason)
      implements OrderEvent {}

  record OrderStarted(
      UUID eventId, UUID orderId, UUID restaurantId, long version, OrderStatus status, Instant at)
      implements OrderEvent {}

  record OrderReady(
      UUID eventId, UUID orderId, UUID restaurantId, long version, OrderStatus status, Instant at)
      implements OrderEvent {}

  record OrderCompleted(
      UUID eventId, UUID orderId, UUID restaurantId, long version, OrderStatus status, Instant at)
      implements OrderEvent {}

  /**
   * {@code byCustomer} tells who canceled; {@code reason} may be null when the customer gave none.
   */
  record OrderCanceled(
      UUID eventId,
      UUID orderId,
      UUID restaurantId,
      long version,
      OrderStatus status,
      Instant at,
      boolean byCustomer,
      String reason)
      implements OrderEvent {}

  record OrderExpired(
      UUID eventId, UUID orderId, UUID restaurantId, long version, OrderStatus status, Instant at)
      implements OrderEvent {}

  /**
   * Money went back to the customer; the order's status does not change. {@code amount} is this
   * refund, {@code balance} what is left of the payment after it.
   */
  record OrderRefunded(
      UUID eventId,
      UUID orderId,
      UUID restaurantId,
      long version,
      OrderStatus status,
      Instant at,
      long amount,
      long balance)
      implements OrderEvent {}

  /**
   * The customer erased their name, phone and note from the order (crypto-shredding); the status is
   * unchanged. Live subscribers get it as {@code order.customer_erased}.
   */
  record CustomerErased(
      UUID eventId, UUID orderId, UUID restaurantId, long version, OrderStatus status, Instant at)
      implements OrderEvent {}
}
