package dev.ordersync.sdk;

import dev.ordersync.sdk.ApiRequestor.Keying;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Orders as their customer sees them: {@code /api/v1/orders}. Get it from {@link
 * OrderSyncClient#orders()}.
 *
 * <p>Placing an order always carries an {@code Idempotency-Key} and an {@code Idempotency-Secret}:
 * yours if given, otherwise random ones (256 bits each) made for the call. Either way the SDK's own
 * retries reuse them, so a retried order is placed at most once, and only a request showing the
 * secret gets an anonymous order (and its token) back. To retry later yourself (after a crash,
 * say), give your own random key and secret ({@link RequestOptions#idempotency}) and send the same
 * request with both again.
 */
public final class OrdersResource {
  private final ApiRequestor api;

  OrdersResource(ApiRequestor api) {
    this.api = api;
  }

  /**
   * Places an order: {@code POST /orders}. Anyone may order, signed in or not; an anonymous order
   * comes back with its {@link Order#orderToken()}.
   */
  public Order place(PlaceOrderRequest request) {
    return place(request, null);
  }

  public Order place(PlaceOrderRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return api.post("/orders", request, Order.class, options, Keying.ALWAYS);
  }

  /**
   * Reads an order: {@code GET /orders/{id}}, as its customer, its restaurant's staff, or (with
   * {@code RequestOptions.accessToken(order.orderToken())}) the holder of its order token.
   */
  public Order get(UUID orderId) {
    return get(orderId, null);
  }

  public Order get(UUID orderId, RequestOptions options) {
    return api.get(
        "/orders/" + Objects.requireNonNull(orderId, "orderId"), Map.of(), Order.class, options);
  }

  /**
   * The customer calls off their order while it is still PLACED: {@code POST /orders/{id}/cancel}.
   */
  public Order cancel(UUID orderId, String reason) {
    return cancel(orderId, reason, null);
  }

  /**
   * @param reason may be null
   */
  public Order cancel(UUID orderId, String reason, RequestOptions options) {
    return api.post(
        "/orders/" + Objects.requireNonNull(orderId, "orderId") + "/cancel",
        new Reason(reason),
        Order.class,
        options,
        Keying.AS_GIVEN);
  }

  /**
   * Erases the customer's name, phone and note from their order: {@code DELETE
   * /orders/{id}/customer} (204), as its customer (the order token, or the account that placed it).
   * Items, prices and states stay.
   */
  public void eraseCustomer(UUID orderId) {
    eraseCustomer(orderId, null);
  }

  public void eraseCustomer(UUID orderId, RequestOptions options) {
    api.delete("/orders/" + Objects.requireNonNull(orderId, "orderId") + "/customer", options);
  }

  record Reason(String reason) {}
}
