package dev.ordersync.sdk;

import dev.ordersync.sdk.internal.Backoff;
import dev.ordersync.sdk.internal.HttpTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * A client of one OrderSync server. Immutable and thread-safe: build one and share it; {@link
 * #withAccessToken(String)} gives a client for another user that shares the same connections.
 *
 * <pre>{@code
 * OrderSyncClient client = OrderSyncClient.builder().baseUrl("https://api.example.kr").build();
 * LoginResult login = client.auth().login("owner@example.kr", password, restaurantId);
 * Tokens tokens = ((LoginResult.Authenticated) login).tokens();   // or complete the second factor
 * OrderSyncClient owner = client.withTokenProvider(client.auth().session(tokens));
 * owner.restaurantOrders().accept(orderId, 15);
 * }</pre>
 *
 * <p>Every call either returns the server's answer as a record or throws an {@link
 * OrderSyncException}.
 */
public final class OrderSyncClient {
  private final ApiRequestor api;
  private final AuthResource auth;
  private final RestaurantsResource restaurants;
  private final OrdersResource orders;
  private final RestaurantOrdersResource restaurantOrders;
  private final PaymentsResource payments;
  private final LiveResource live;
  private final AdminResource admin;
  private final WebhooksResource webhooks;

  private OrderSyncClient(ApiRequestor api) {
    this.api = api;
    this.auth = new AuthResource(api);
    this.restaurants = new RestaurantsResource(api);
    this.orders = new OrdersResource(api);
    this.restaurantOrders = new RestaurantOrdersResource(api);
    this.payments = new PaymentsResource(api);
    this.live = new LiveResource(api);
    this.admin = new AdminResource(api);
    this.webhooks = new WebhooksResource(api);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client like this one that sends {@code token}, or no token at all when it is null;
   * connections are shared.
   */
  public OrderSyncClient withAccessToken(String token) {
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException("the access token is blank");
    }
    return new OrderSyncClient(api.withTokens(token == null ? null : TokenProvider.of(token)));
  }

  /**
   * A client like this one whose token comes from {@code provider} before every request (a {@link
   * Session} refreshes itself); null for no token. Connections are shared.
   */
  public OrderSyncClient withTokenProvider(TokenProvider provider) {
    return new OrderSyncClient(api.withTokens(provider));
  }

  /**
   * Runs {@code call} on this client and returns its result with the metadata of the response it
   * got (request id, {@code Idempotent-Replayed}, {@code ETag}, rate-limit state): like
   * stripe-java's {@code getLastResponse()}. For a call that makes several requests (a paging
   * iteration) it is the last one's.
   *
   * <pre>{@code
   * ApiResponse<Order> r = client.withResponse(c -> c.orders().place(request, options));
   * if (r.metadata().idempotentReplayed()) { ... }   // placed by an earlier attempt
   * }</pre>
   */
  public <T> ApiResponse<T> withResponse(java.util.function.Function<OrderSyncClient, T> call) {
    Objects.requireNonNull(call, "call");
    return ApiRequestor.capturing(() -> call.apply(this));
  }

  ApiRequestor api() {
    return api;
  }

  /** Registering, logging in, the signed-in user. */
  public AuthResource auth() {
    return auth;
  }

  /** Restaurants, their settings and their menus. */
  public RestaurantsResource restaurants() {
    return restaurants;
  }

  /** Placing, reading and canceling orders, as a customer. */
  public OrdersResource orders() {
    return orders;
  }

  /** The restaurant's order board: listing orders and moving them along, as its owner or staff. */
  public RestaurantOrdersResource restaurantOrders() {
    return restaurantOrders;
  }

  /** Confirming online payments, as a customer. */
  public PaymentsResource payments() {
    return payments;
  }

  /** Live updates over WebSocket: the restaurant's order feed, one order's status. */
  public LiveResource live() {
    return live;
  }

  /** An administrator's calls: revoking sessions, the audit trail, personal-data access records. */
  public AdminResource admin() {
    return admin;
  }

  /** The restaurant's outbound webhook endpoints, as its owner; see {@link Webhooks#verify}. */
  public WebhooksResource webhooks() {
    return webhooks;
  }

  /** Where the API is, such as {@code http://localhost:8080/api/v1}. */
  public URI apiBase() {
    return URI.create(api.apiBase());
  }

  @Override
  public String toString() {
    return "OrderSyncClient["
        + api.apiBase()
        + (api.hasAccessToken() ? ", with access token" : "")
        + "]";
  }

  /** Configures a client. Only the base URL is required. */
  public static final class Builder {
    private URI baseUri;
    private TokenProvider tokens;
    private RequestListener listener;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxRetries = 2;
    private HttpClient httpClient;
    private Backoff backoff = Backoff.DEFAULT;

    private Builder() {}

    /**
     * The server's root, such as {@code http://localhost:8080}; {@code /api/v1} is added unless
     * already there.
     */
    public Builder baseUrl(String baseUrl) {
      return baseUri(URI.create(Objects.requireNonNull(baseUrl, "baseUrl")));
    }

    /**
     * The server's root, such as {@code http://localhost:8080}; {@code /api/v1} is added unless
     * already there.
     */
    public Builder baseUri(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      if (!"http".equalsIgnoreCase(baseUri.getScheme())
          && !"https".equalsIgnoreCase(baseUri.getScheme())) {
        throw new IllegalArgumentException("the base URL must be http or https: " + baseUri);
      }
      if (baseUri.getHost() == null
          || baseUri.getRawQuery() != null
          || baseUri.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "the base URL needs a host and no query or fragment: " + baseUri);
      }
      this.baseUri = baseUri;
      return this;
    }

    /**
     * The token sent on every call unless {@link RequestOptions} gives another; none by default.
     */
    public Builder accessToken(String accessToken) {
      if (accessToken != null && accessToken.isBlank()) {
        throw new IllegalArgumentException("the access token is blank");
      }
      this.tokens = accessToken == null ? null : TokenProvider.of(accessToken);
      return this;
    }

    /** Where the token of each request comes from, such as a {@link Session}; none by default. */
    public Builder tokenProvider(TokenProvider provider) {
      this.tokens = provider;
      return this;
    }

    /** Sees every attempt of every call, retries included (for logs and metrics). */
    public Builder listener(RequestListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How long to wait for a connection; 10 s by default. Ignored when {@link
     * #httpClient(HttpClient)} is given.
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long to wait for each response; 30 s by default. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * How often a call may be retried when retrying is safe (see {@link OrdersResource}); 2 by
     * default, 0 to never retry.
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 10) {
        throw new IllegalArgumentException("maxRetries must be between 0 and 10");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The {@link HttpClient} to send with, for a proxy, TLS settings, an executor of your own, or a
     * test. By default the client makes one with the connect timeout and no redirects.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The waits between retries; tests shorten them. */
    Builder retryDelays(Duration initial, Duration max) {
      this.backoff = new Backoff(initial, max);
      return this;
    }

    public OrderSyncClient build() {
      if (baseUri == null) {
        throw new IllegalStateException(
            "set the server's base URL: OrderSyncClient.builder().baseUrl(\"https://...\")");
      }
      HttpClient client =
          httpClient != null
              ? httpClient
              : HttpClient.newBuilder()
                  .connectTimeout(connectTimeout)
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build();
      return new OrderSyncClient(
          new ApiRequestor(
              apiBase(baseUri),
              tokens,
              requestTimeout,
              new HttpTransport(client, maxRetries, backoff),
              listener));
    }

    private static String apiBase(URI uri) {
      String base = uri.toString();
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      return base.endsWith("/api/v1") ? base : base + "/api/v1";
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
