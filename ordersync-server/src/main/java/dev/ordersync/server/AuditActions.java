package dev.ordersync.server;

import dev.ordersync.core.order.OrderEvent;

/** The audit action of each order event. */
final class AuditActions {
  private AuditActions() {}

  static String of(OrderEvent event) {
    return switch (event) {
      case OrderEvent.OrderCreated e -> "CREATE_ORDER";
      case OrderEvent.OrderPaid e -> "PAY_ORDER";
      case OrderEvent.OrderAccepted e -> "ACCEPT_ORDER";
      case OrderEvent.OrderRejected e -> "REJECT_ORDER";
      case OrderEvent.OrderStarted e -> "START_ORDER";
      case OrderEvent.OrderReady e -> "MARK_ORDER_READY";
      case OrderEvent.OrderCompleted e -> "COMPLETE_ORDER";
      case OrderEvent.OrderCanceled e -> "CANCEL_ORDER";
      case OrderEvent.OrderExpired e -> "EXPIRE_ORDER";
      case OrderEvent.OrderRefunded e -> "REFUND_ORDER";
      case OrderEvent.CustomerErased e -> "ERASE_ORDER_CUSTOMER";
    };
  }

  static String of(dev.ordersync.core.payment.PaymentEvent event) {
    return switch (event) {
      case dev.ordersync.core.payment.PaymentEvent.Confirmed e -> "PAYMENT_CONFIRMED";
      case dev.ordersync.core.payment.PaymentEvent.OutcomeUnknown e -> "PAYMENT_OUTCOME_UNKNOWN";
      case dev.ordersync.core.payment.PaymentEvent.AmountMismatch e -> "PAYMENT_AMOUNT_MISMATCH";
      case dev.ordersync.core.payment.PaymentEvent.Declined e -> "PAYMENT_DECLINED";
      case dev.ordersync.core.payment.PaymentEvent.RefundIssued e -> "REFUND_ISSUED";
      case dev.ordersync.core.payment.PaymentEvent.GatewayAmountMismatch e ->
          "PAYMENT_GATEWAY_AMOUNT_MISMATCH";
    };
  }
}
