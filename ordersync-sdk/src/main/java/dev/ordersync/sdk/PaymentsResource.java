package dev.ordersync.sdk;

import dev.ordersync.sdk.ApiRequestor.Keying;
import java.util.Objects;

/**
 * Online payments: {@code /api/v1/payments}. Get it from {@link OrderSyncClient#payments()}.
 * Confirming is safe to repeat (the server never charges one payment twice), so the SDK retries it
 * like any keyed call.
 */
public final class PaymentsResource {
  private final ApiRequestor api;

  PaymentsResource(ApiRequestor api) {
    this.api = api;
  }

  /**
   * Confirms a payment made in Toss's payment window: {@code POST /payments/confirm}, as the
   * order's customer (send the order token of an anonymous order with {@code
   * RequestOptions.accessToken(order.orderToken())}).
   */
  public PaymentConfirmation confirm(ConfirmPaymentRequest request) {
    return confirm(request, null);
  }

  public PaymentConfirmation confirm(ConfirmPaymentRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return api.post(
        "/payments/confirm", request, PaymentConfirmation.class, options, Keying.ALWAYS);
  }

  /**
   * What a guest's page needs to open Toss's payment window: {@code GET /payments/window} (public).
   * A server without payments answers {@link NotFoundException} {@code online_payment_unavailable}.
   */
  public PaymentWindow window() {
    return window(null);
  }

  public PaymentWindow window(RequestOptions options) {
    return api.get("/payments/window", java.util.Map.of(), PaymentWindow.class, options);
  }
}
