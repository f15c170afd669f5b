package dev.ordersync.core.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The payment records and their refunds. At most one payment per order, and a payment key names one
 * payment.
 */
public interface Payments {
  /**
   * Adds or replaces the payment with this id; a {@code Conflict("payment_key_used")} if another
   * payment already has its order or its payment key.
   */
  void save(Payment payment);

  Optional<Payment> byOrderId(UUID orderId);

  Optional<Payment> byPaymentKey(String paymentKey);

  /** Payments whose confirm went unanswered ({@code CONFIRMING}), oldest first. */
  List<Payment> confirming(int limit);

  void addRefund(Refund refund);

  /** The refund made with this gateway idempotency key, if any. */
  Optional<Refund> refundByKey(String idempotencyKey);

  List<Refund> refunds(UUID orderId);

  /** The restaurant's payments approved in {@code [from, to)}. */
  List<Payment> approvedBetween(UUID restaurantId, Instant from, Instant to);

  /** The restaurant's refunds made in {@code [from, to)}. */
  List<Refund> refundedBetween(UUID restaurantId, Instant from, Instant to);
}
