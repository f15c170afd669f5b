package dev.ordersync.sdk;

import dev.ordersync.sdk.ApiRequestor.Keying;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The order board of the restaurant the access token acts for: {@code
 * /api/v1/restaurants/me/orders}. Its owner and staff list orders and move them along; every step
 * has an overload taking {@link RequestOptions}, so that with {@link
 * RequestOptions#ifMatchVersion(long)} two people cannot both move the same order (the second gets
 * a {@link ConflictException} with code {@code version_conflict}). Get it from {@link
 * OrderSyncClient#restaurantOrders()}.
 */
public final class RestaurantOrdersResource {
  private static final String BASE = "/restaurants/me/orders";

  private final ApiRequestor api;

  RestaurantOrdersResource(ApiRequestor api) {
    this.api = api;
  }

  /** The newest orders, one page of the server's default size. */
  public Page<Order> list() {
    return list(ListOrdersParams.all(), null);
  }

  /** One page of orders, newest first: {@code GET /restaurants/me/orders}. */
  public Page<Order> list(ListOrdersParams params) {
    return list(params, null);
  }

  public Page<Order> list(ListOrdersParams params, RequestOptions options) {
    Objects.requireNonNull(params, "params");
    Map<String, String> query = new LinkedHashMap<>();
    if (!params.statuses().isEmpty()) {
      query.put(
          "status", params.statuses().stream().map(Enum::name).collect(Collectors.joining(",")));
    }
    if (params.from() != null) {
      query.put("from", params.from().toString());
    }
    if (params.to() != null) {
      query.put("to", params.to().toString());
    }
    if (params.limit() != null) {
      query.put("limit", params.limit().toString());
    }
    if (params.cursor() != null) {
      query.put("cursor", params.cursor());
    }
    OrderList list = api.get(BASE, query, OrderList.class, options);
    return new Page<>(
        list.data(), list.nextCursor(), cursor -> list(params.withCursor(cursor), options));
  }

  /**
   * PLACED to ACCEPTED, promising the order in {@code prepMinutes} (null for the restaurant's usual
   * time).
   */
  public Order accept(UUID orderId, Integer prepMinutes) {
    return accept(orderId, prepMinutes, null);
  }

  public Order accept(UUID orderId, Integer prepMinutes, RequestOptions options) {
    return step(orderId, "accept", new Accept(prepMinutes), options);
  }

  /** PLACED to REJECTED, saying why. */
  public Order reject(UUID orderId, String reason) {
    return reject(orderId, reason, null);
  }

  public Order reject(UUID orderId, String reason, RequestOptions options) {
    return step(
        orderId,
        "reject",
        new OrdersResource.Reason(Objects.requireNonNull(reason, "reason")),
        options);
  }

  /** ACCEPTED to PREPARING. */
  public Order start(UUID orderId) {
    return start(orderId, null);
  }

  public Order start(UUID orderId, RequestOptions options) {
    return step(orderId, "start", Map.of(), options);
  }

  /** PREPARING to READY. */
  public Order ready(UUID orderId) {
    return ready(orderId, null);
  }

  public Order ready(UUID orderId, RequestOptions options) {
    return step(orderId, "ready", Map.of(), options);
  }

  /** READY to COMPLETED. */
  public Order complete(UUID orderId) {
    return complete(orderId, null);
  }

  public Order complete(UUID orderId, RequestOptions options) {
    return step(orderId, "complete", Map.of(), options);
  }

  /** ACCEPTED, PREPARING or READY to CANCELED, saying why. */
  public Order cancel(UUID orderId, String reason) {
    return cancel(orderId, reason, null);
  }

  public Order cancel(UUID orderId, String reason, RequestOptions options) {
    return step(
        orderId,
        "cancel",
        new OrdersResource.Reason(Objects.requireNonNull(reason, "reason")),
        options);
  }

  /**
   * Gives money back for a paid order, as its owner: {@code POST
   * /restaurants/me/orders/{id}/refund}. {@code amount} null refunds all that is left; more than is
   * left is refused ({@code refund_exceeds_balance}). The call always carries an idempotency key
   * (yours if given), so a retried refund is made at most once.
   */
  public RefundResult refund(UUID orderId, Long amount, String reason) {
    return refund(orderId, amount, reason, null);
  }

  public RefundResult refund(UUID orderId, Long amount, String reason, RequestOptions options) {
    Objects.requireNonNull(orderId, "orderId");
    return api.post(
        BASE + "/" + orderId + "/refund",
        new RefundBody(amount, Objects.requireNonNull(reason, "reason")),
        RefundResult.class,
        options,
        Keying.ALWAYS);
  }

  record RefundBody(Long amount, String reason) {}

  /**
   * The customer's full phone number, an explicit and recorded read: {@code POST
   * /restaurants/me/orders/{id}/customer/phone} (OWNER, STAFF). Empty when the customer gave none
   * or erased it.
   */
  public java.util.Optional<String> revealPhone(UUID orderId) {
    return revealPhone(orderId, null);
  }

  public java.util.Optional<String> revealPhone(UUID orderId, RequestOptions options) {
    Objects.requireNonNull(orderId, "orderId");
    return java.util.Optional.ofNullable(
        api.post(
                BASE + "/" + orderId + "/customer/phone",
                null,
                PhoneAnswer.class,
                options,
                Keying.AS_GIVEN)
            .phone());
  }

  record PhoneAnswer(String phone) {}

  private Order step(UUID orderId, String action, Object body, RequestOptions options) {
    Objects.requireNonNull(orderId, "orderId");
    return api.post(
        BASE + "/" + orderId + "/" + action, body, Order.class, options, Keying.AS_GIVEN);
  }

  record Accept(Integer prepMinutes) {}

  record OrderList(List<Order> data, String nextCursor) {}
}
