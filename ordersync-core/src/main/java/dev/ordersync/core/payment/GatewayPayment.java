package dev.ordersync.core.payment;

import java.time.Instant;
import java.util.List;

/**
 * A payment as the gateway reports it (Toss's Payment object, reduced to what OrderSync acts on).
 * Never built from anything a client or a webhook sent: only from the gateway's own answer to a
 * call OrderSync made.
 *
 * @param orderId the order id OrderSync gave the gateway (the order's UUID in text)
 * @param method how the customer paid, as the gateway names it ({@code 카드}, {@code 간편결제}, ...), or
 *     null before payment
 * @param approvedAt when the gateway approved it, or null before that
 */
public record GatewayPayment(
    String paymentKey,
    String orderId,
    Status status,
    String method,
    long totalAmount,
    long balanceAmount,
    Instant approvedAt,
    List<Cancel> cancels) {

  public GatewayPayment {
    cancels = cancels == null ? List.of() : List.copyOf(cancels);
  }

  /** The gateway's statuses (Toss's, word for word). */
  public enum Status {
    READY,
    IN_PROGRESS,
    WAITING_FOR_DEPOSIT,
    DONE,
    CANCELED,
    PARTIAL_CANCELED,
    ABORTED,
    EXPIRED;

    /** Whether money was taken (and possibly partly or wholly given back since). */
    public boolean approved() {
      return this == DONE || this == CANCELED || this == PARTIAL_CANCELED;
    }
  }

  /** One cancel (refund) of the payment. */
  public record Cancel(
      long cancelAmount, String cancelReason, Instant canceledAt, String transactionKey) {}
}
