package dev.ordersync.sdk;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * Live updates over WebSocket: the restaurant's order feed and one order's status. Get it from
 * {@link OrderSyncClient#live()}.
 *
 * <pre>{@code
 * try (LiveSubscription feed = owner.live().restaurantOrders(new LiveListener() {
 *       public void onSnapshot(LiveSnapshot s) { board.replaceAll(s.orders()); }
 *       public void onEvent(LiveEvent e) { board.put(e.order()); }
 *     })) {
 *   ...
 * }
 * }</pre>
 *
 * A subscription authenticates with its first message (the token never travels in a URL), then
 * follows the feed. When the connection drops (the server restarts, a network change, the socket
 * fell behind) it reconnects with back-off and jitter and resumes after the last event it received,
 * so no event is missed or repeated; if the server cannot replay that far it sends a new snapshot.
 * A 4401 (the token expired) refreshes the token through the client's {@link TokenProvider} (a
 * {@link Session}) once, then reconnects; 4403 and 4404 stop it with a typed error.
 */
public final class LiveResource {
  private final ApiRequestor api;

  LiveResource(ApiRequestor api) {
    this.api = api;
  }

  /**
   * The feed of the restaurant the client's token acts for ({@code /ws/restaurants/me/orders}),
   * OWNER or STAFF: a snapshot of the open orders, then every change.
   */
  public LiveSubscription restaurantOrders(LiveListener listener) {
    return restaurantOrders(listener, LiveOptions.defaults());
  }

  public LiveSubscription restaurantOrders(LiveListener listener, LiveOptions options) {
    return start("/ws/restaurants/me/orders", null, listener, options);
  }

  /**
   * One order's changes ({@code /ws/orders/{id}/status}), as its customer, with {@code orderToken}
   * (an anonymous order's token), or null to use the client's token (the customer's account, the
   * restaurant's staff).
   */
  public LiveSubscription order(UUID orderId, String orderToken, LiveListener listener) {
    return order(orderId, orderToken, listener, LiveOptions.defaults());
  }

  public LiveSubscription order(
      UUID orderId, String orderToken, LiveListener listener, LiveOptions options) {
    Objects.requireNonNull(orderId, "orderId");
    return start(
        "/ws/orders/" + orderId + "/status",
        orderToken == null ? null : TokenProvider.of(orderToken),
        listener,
        options);
  }

  /**
   * A restaurant's public live menu ({@code /ws/restaurants/{id}/menu}): no credential, no resume;
   * see {@link MenuLiveListener}.
   */
  public LiveSubscription menu(UUID restaurantId, MenuLiveListener listener) {
    return menu(restaurantId, listener, LiveOptions.defaults());
  }

  public LiveSubscription menu(UUID restaurantId, MenuLiveListener listener, LiveOptions options) {
    Objects.requireNonNull(restaurantId, "restaurantId");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(options, "options");
    LiveConnection c =
        new LiveConnection(
            api.transport().client(),
            socketUri(api.apiBase(), "/ws/restaurants/" + restaurantId + "/menu"),
            null,
            new LiveListener() {
              @Override
              public void onEvent(LiveEvent event) {}

              @Override
              public void onDisconnected(int closeCode, String reason, java.time.Duration in) {
                listener.onDisconnected(closeCode, reason, in);
              }

              @Override
              public void onFailure(OrderSyncException error) {
                listener.onFailure(error);
              }
            },
            options.resumeAfter(null));
    c.menuListener(listener);
    c.start();
    return c;
  }

  private LiveSubscription start(
      String path, TokenProvider own, LiveListener listener, LiveOptions options) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(options, "options");
    TokenProvider tokens = own != null ? own : api.tokens();
    if (tokens == null) {
      throw new IllegalStateException(
          "a live subscription needs a token: use a client with an access token or a session");
    }
    LiveConnection c =
        new LiveConnection(
            api.transport().client(), socketUri(api.apiBase(), path), tokens, listener, options);
    c.start();
    return c;
  }

  static URI socketUri(String apiBase, String path) {
    URI base = URI.create(apiBase);
    String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
    String root = base.getRawPath() == null ? "" : base.getRawPath();
    if (root.endsWith("/api/v1")) {
      root = root.substring(0, root.length() - "/api/v1".length());
    }
    return URI.create(scheme + "://" + base.getRawAuthority() + root + path);
  }
}
