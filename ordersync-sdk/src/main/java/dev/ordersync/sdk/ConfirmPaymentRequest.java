package dev.ordersync.sdk;

import java.util.Objects;
import java.util.UUID;

/**
 * What Toss's payment window hands back to the customer's page ({@code paymentKey}, {@code
 * orderId}, {@code amount}). The server checks {@code amount} against the order's own total before
 * it asks Toss.
 */
public record ConfirmPaymentRequest(String paymentKey, UUID orderId, long amount) {
  public ConfirmPaymentRequest {
    Objects.requireNonNull(paymentKey, "paymentKey");
    Objects.requireNonNull(orderId, "orderId");
  }
}
