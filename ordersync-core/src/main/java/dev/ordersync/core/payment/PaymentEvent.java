package dev.ordersync.core.payment;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to a payment, for the audit trail; recorded in the unit of work of the
 * change.
 */
public sealed interface PaymentEvent {
  UUID orderId();

  Instant at();

  /** The gateway approved the payment and the order was placed. */
  record Confirmed(UUID orderId, String paymentKey, long amount, String method, Instant at)
      implements PaymentEvent {}

  /** A confirm was sent but not answered in time; a look-up will settle it. */
  record OutcomeUnknown(UUID orderId, String paymentKey, long amount, String reason, Instant at)
      implements PaymentEvent {}

  /**
   * The amount the customer sent is not the order's total: refused before the gateway was called.
   */
  record AmountMismatch(UUID orderId, String paymentKey, long claimed, long total, Instant at)
      implements PaymentEvent {}

  /** The gateway refused the confirm. */
  record Declined(UUID orderId, String paymentKey, String code, String message, Instant at)
      implements PaymentEvent {}

  /** Money went back to the customer. */
  record RefundIssued(
      UUID orderId,
      UUID refundId,
      String paymentKey,
      long amount,
      long balance,
      String reason,
      String idempotencyKey,
      Instant at)
      implements PaymentEvent {}

  /** The gateway reports a paid amount that is not the order's total; the order is not placed. */
  record GatewayAmountMismatch(
      UUID orderId, String paymentKey, long reported, long total, Instant at)
      implements PaymentEvent {}
}
