package dev.ordersync.core.payment;

import dev.ordersync.core.shared.Won;
import java.util.Optional;

/**
 * The payment gateway (Toss Payments). Every call either returns the gateway's own view of the
 * payment or throws a {@link GatewayException}: {@code Declined} when the gateway said no, {@code
 * Unavailable} when it could not be asked or did not answer. Calls that change something carry an
 * idempotency key, so repeating one with the same key is safe.
 */
public interface PaymentGateway {
  /** Confirms (approves) a payment the customer authorized in the gateway's payment window. */
  GatewayPayment confirm(String paymentKey, String orderId, Won amount, String idempotencyKey);

  /** The payment, or empty if the gateway does not know it. */
  Optional<GatewayPayment> lookUp(String paymentKey);

  /** The payment made for an order id, or empty if there is none. */
  Optional<GatewayPayment> lookUpByOrderId(String orderId);

  /**
   * Cancels (refunds) {@code amount} of a payment, or what is left of it when {@code amount} is
   * null.
   *
   * @return the payment after the cancel, with a lower balance and the cancel in its list
   */
  GatewayPayment cancel(String paymentKey, String reason, Won amount, String idempotencyKey);
}
