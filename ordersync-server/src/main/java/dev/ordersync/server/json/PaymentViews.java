package dev.ordersync.server.json;

import dev.ordersync.core.payment.ConfirmPayment;
import dev.ordersync.core.payment.GetSettlement;
import dev.ordersync.core.payment.Payment;
import dev.ordersync.core.payment.Refund;
import dev.ordersync.core.payment.RefundPayment;
import dev.ordersync.server.json.OrderViews.OrderView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A payment, a refund and a day's settlement as the customer and the restaurant see them. Each
 * {@code of} method is the only place its domain object becomes JSON.
 */
public final class PaymentViews {
  private PaymentViews() {}

  /**
   * A payment as its customer and its restaurant see it: no card data, because OrderSync never has
   * any.
   */
  public record PaymentView(
      UUID id,
      UUID orderId,
      String paymentKey,
      String status,
      String method,
      long amount,
      long balance,
      Instant approvedAt) {
    public static PaymentView of(Payment p) {
      return new PaymentView(
          p.id(),
          p.orderId(),
          p.paymentKey(),
          p.status().name(),
          p.method(),
          p.amount().amount(),
          p.balance().amount(),
          p.approvedAt());
    }
  }

  /** The answer to a confirm: the payment and the order as they now stand. */
  public record PaymentResultView(String status, PaymentView payment, OrderView order) {
    public static PaymentResultView of(ConfirmPayment.Result r) {
      return new PaymentResultView(
          r.pending() ? "CONFIRMING" : r.payment().status().name(),
          PaymentView.of(r.payment()),
          OrderView.of(r.order()));
    }
  }

  public record RefundView(UUID id, UUID orderId, long amount, String reason, Instant refundedAt) {
    public static RefundView of(Refund r) {
      return new RefundView(r.id(), r.orderId(), r.amount().amount(), r.reason(), r.refundedAt());
    }
  }

  /** The answer to a refund: the refund and the payment after it. */
  public record RefundResultView(RefundView refund, PaymentView payment) {
    public static RefundResultView of(RefundPayment.Result r) {
      return new RefundResultView(RefundView.of(r.refund()), PaymentView.of(r.payment()));
    }
  }

  public record MethodTotalsView(
      String method, int payments, long gross, int refunds, long refunded) {}

  public record SettlementView(
      String date,
      String timeZone,
      Instant from,
      Instant to,
      long gross,
      long refunds,
      String feeRate,
      long fee,
      long net,
      int paymentCount,
      int refundCount,
      List<MethodTotalsView> methods) {
    public static SettlementView of(GetSettlement.Settlement s) {
      return new SettlementView(
          s.date().toString(),
          s.timeZone().getId(),
          s.from(),
          s.to(),
          s.gross(),
          s.refunds(),
          s.feeRate().toPlainString(),
          s.fee(),
          s.net(),
          s.paymentCount(),
          s.refundCount(),
          s.methods().stream()
              .map(
                  m ->
                      new MethodTotalsView(
                          m.method(), m.payments(), m.gross(), m.refunds(), m.refunded()))
              .toList());
    }
  }
}
