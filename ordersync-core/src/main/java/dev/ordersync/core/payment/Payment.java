package dev.ordersync.core.payment;

import dev.ordersync.core.shared.Won;
import java.time.Instant;
import java.util.UUID;

/**
 * OrderSync's record of the online payment of one order: the gateway's payment key, how it was
 * paid, the amount and what is left after refunds. One per order; a payment key belongs to one
 * order. No card data: the gateway holds that.
 *
 * @param method the gateway's name for how it was paid, or null until approved
 * @param amount what the customer paid (the order's total)
 * @param balance what is left after refunds
 * @param attempts how many confirm calls were made for this payment key (each with its own
 *     idempotency key)
 * @param approvedAt when the gateway approved the payment, or null until then
 */
public record Payment(
    UUID id,
    UUID orderId,
    UUID restaurantId,
    String paymentKey,
    PaymentStatus status,
    String method,
    Won amount,
    Won balance,
    int attempts,
    Instant approvedAt,
    Instant createdAt,
    Instant updatedAt) {

  public Payment {
    if (balance.compareTo(amount) > 0) {
      throw new IllegalArgumentException("a payment's balance cannot exceed its amount");
    }
  }

  /** A confirm about to be sent for this payment key. */
  static Payment confirming(
      UUID id, UUID orderId, UUID restaurantId, String paymentKey, Won amount, Instant at) {
    return new Payment(
        id,
        orderId,
        restaurantId,
        paymentKey,
        PaymentStatus.CONFIRMING,
        null,
        amount,
        amount,
        0,
        null,
        at,
        at);
  }

  /**
   * The idempotency key of the confirm call number {@code attempts}: unique per payment and
   * attempt.
   */
  String confirmKey() {
    return "confirm-" + paymentKey + "-" + attempts;
  }

  Payment nextAttempt(String key, Won newAmount, Instant at) {
    return new Payment(
        id,
        orderId,
        restaurantId,
        key,
        PaymentStatus.CONFIRMING,
        null,
        newAmount,
        newAmount,
        attempts + 1,
        null,
        createdAt,
        at);
  }

  Payment declined(Instant at) {
    return new Payment(
        id,
        orderId,
        restaurantId,
        paymentKey,
        PaymentStatus.DECLINED,
        method,
        amount,
        amount,
        attempts,
        null,
        createdAt,
        at);
  }

  /**
   * As the gateway reports it: approved, with its method and balance. {@code approvedAt} is when
   * OrderSync recorded the approval (its own clock, the same one refunds are dated by), so a day's
   * settlement never depends on another clock.
   */
  Payment approved(GatewayPayment g, Instant at) {
    return new Payment(
        id,
        orderId,
        restaurantId,
        g.paymentKey(),
        statusOf(g),
        g.method(),
        Won.of(g.totalAmount()),
        Won.of(Math.min(g.balanceAmount(), g.totalAmount())),
        attempts,
        at,
        createdAt,
        at);
  }

  /** After a refund: the balance the gateway now reports. */
  Payment refunded(Won newBalance, Instant at) {
    PaymentStatus s =
        newBalance.amount() == 0 ? PaymentStatus.CANCELED : PaymentStatus.PARTIAL_CANCELED;
    return new Payment(
        id,
        orderId,
        restaurantId,
        paymentKey,
        s,
        method,
        amount,
        newBalance,
        attempts,
        approvedAt,
        createdAt,
        at);
  }

  static PaymentStatus statusOf(GatewayPayment g) {
    return switch (g.status()) {
      case CANCELED -> PaymentStatus.CANCELED;
      case PARTIAL_CANCELED -> PaymentStatus.PARTIAL_CANCELED;
      default -> PaymentStatus.DONE;
    };
  }
}
