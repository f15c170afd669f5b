package dev.ordersync.server.toss;

import dev.ordersync.core.payment.GatewayException;
import dev.ordersync.core.payment.GatewayPayment;
import dev.ordersync.core.payment.PaymentGateway;
import dev.ordersync.core.shared.Won;
import java.util.Optional;

/** The gateway of a server without ORDERSYNC_TOSS_SECRET_KEY: every call is unavailable. */
public enum NoPaymentGateway implements PaymentGateway {
  INSTANCE;

  private static GatewayException.Unavailable off() {
    return new GatewayException.Unavailable(
        null, "online payment is not configured on this server", false);
  }

  @Override
  public GatewayPayment confirm(
      String paymentKey, String orderId, Won amount, String idempotencyKey) {
    throw off();
  }

  @Override
  public Optional<GatewayPayment> lookUp(String paymentKey) {
    throw off();
  }

  @Override
  public Optional<GatewayPayment> lookUpByOrderId(String orderId) {
    throw off();
  }

  @Override
  public GatewayPayment cancel(
      String paymentKey, String reason, Won amount, String idempotencyKey) {
    throw off();
  }
}
