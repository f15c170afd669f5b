package dev.ordersync.sdk;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings for one call, overriding the client's.
 *
 * <pre>{@code
 * String key = RequestOptions.randomIdempotencyKey(), secret = RequestOptions.randomIdempotencySecret();
 * client.orders().place(request, RequestOptions.idempotency(key, secret)); // keep both to retry later
 * client.orders().get(orderId, RequestOptions.accessToken(orderToken));
 * client.restaurantOrders().start(orderId, RequestOptions.builder().ifMatchVersion(order.version()).build());
 * client.restaurants().menu(id, RequestOptions.builder()
 *     .timeout(Duration.ofSeconds(2))          // each attempt
 *     .deadline(Duration.ofSeconds(5))         // the whole call, retries and their waits included
 *     .header("traceparent", traceparent)      // or .traceparent(...)
 *     .requestId("pos-7-000123")               // X-Request-Id, kept by the server
 *     .build());
 * }</pre>
 */
public final class RequestOptions {
  static final RequestOptions NONE = builder().build();

  /** 256 bits, base64url: more than a stranger can guess, and what the server asks at least of. */
  private static final int RANDOM_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String idempotencyKey;
  private final String idempotencySecret;
  private final String accessToken;
  private final Long ifMatchVersion;
  private final Duration timeout;
  private final Duration deadline;
  private final Map<String, String> headers;
  private final RequestListener listener;

  private RequestOptions(Builder b) {
    this.deadline = b.deadline;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.listener = b.listener;
    this.idempotencyKey = b.idempotencyKey;
    this.idempotencySecret = b.idempotencySecret;
    this.accessToken = b.accessToken;
    this.ifMatchVersion = b.ifMatchVersion;
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code Idempotency-Key: key}: the server does a creating call once per key and replays
   * its first answer to repeats, which also lets this SDK retry the call safely. Use a random key
   * ({@link #randomIdempotencyKey()}), never one another person could know, such as a cart id. The
   * SDK adds a random secret for the call; to retry an order without an account yourself later, use
   * {@link #idempotency(String, String)} and keep both.
   */
  public static RequestOptions idempotencyKey(String key) {
    return builder().idempotencyKey(key).build();
  }

  /**
   * Sends {@code Idempotency-Key: key} and {@code Idempotency-Secret: secret}. An order placed
   * without an account is only replayed, with its order token, to a request that shows the same
   * secret: a stranger who learns the key gets nothing of the order. Keep both with the cart if you
   * may send the order again after a crash.
   */
  public static RequestOptions idempotency(String key, String secret) {
    return builder().idempotencyKey(key).idempotencySecret(secret).build();
  }

  /** A new random idempotency key: 256 bits from a {@link SecureRandom}, base64url. */
  public static String randomIdempotencyKey() {
    return random();
  }

  /** A new random idempotency secret: 256 bits from a {@link SecureRandom}, base64url. */
  public static String randomIdempotencySecret() {
    return random();
  }

  private static String random() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Authenticates this call with {@code token} instead of the client's: another user's token, or an
   * order token.
   */
  public static RequestOptions accessToken(String token) {
    return builder().accessToken(token).build();
  }

  /**
   * Makes this change only if the resource is still at {@code version}; otherwise 409 {@code
   * version_conflict}.
   */
  public static RequestOptions ifMatchVersion(long version) {
    return builder().ifMatchVersion(version).build();
  }

  String idempotencyKey() {
    return idempotencyKey;
  }

  String idempotencySecret() {
    return idempotencySecret;
  }

  String accessToken() {
    return accessToken;
  }

  Long ifMatchVersion() {
    return ifMatchVersion;
  }

  Duration timeout() {
    return timeout;
  }

  Duration deadline() {
    return deadline;
  }

  Map<String, String> headers() {
    return headers;
  }

  RequestListener listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "RequestOptions[idempotencyKey="
        + idempotencyKey
        + ", idempotencySecret="
        + (idempotencySecret == null ? null : "<redacted>")
        + ", accessToken="
        + (accessToken == null ? null : "<redacted>")
        + ", ifMatchVersion="
        + ifMatchVersion
        + ", timeout="
        + timeout
        + ", deadline="
        + deadline
        + ", headers="
        + headers.keySet()
        + "]";
  }

  /** Collects the options; anything not set comes from the client. */
  public static final class Builder {
    private String idempotencyKey;
    private String idempotencySecret;
    private String accessToken;
    private Long ifMatchVersion;
    private Duration timeout;
    private Duration deadline;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private RequestListener listener;

    /** Headers the SDK sets itself; use the matching builder method instead. */
    private static final Set<String> OWN_HEADERS =
        Set.of(
            "authorization",
            "idempotency-key",
            "idempotency-secret",
            "if-match",
            "content-type",
            "accept",
            "content-length",
            "host",
            "connection",
            "upgrade",
            "expect");

    private Builder() {}

    /** 1 to 255 visible ASCII characters. */
    public Builder idempotencyKey(String key) {
      Objects.requireNonNull(key, "key");
      if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "an idempotency key has 1 to 255 visible ASCII characters");
      }
      this.idempotencyKey = key;
      return this;
    }

    /**
     * 22 to 255 visible ASCII characters, random and known only to you ({@link
     * #randomIdempotencySecret()}); sent with the idempotency key.
     */
    public Builder idempotencySecret(String secret) {
      Objects.requireNonNull(secret, "secret");
      if (secret.length() < 22
          || secret.length() > 255
          || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "an idempotency secret has 22 to 255 visible ASCII characters");
      }
      this.idempotencySecret = secret;
      return this;
    }

    public Builder accessToken(String token) {
      Objects.requireNonNull(token, "token");
      if (token.isBlank()) {
        throw new IllegalArgumentException("the access token is blank");
      }
      this.accessToken = token;
      return this;
    }

    /** Sends {@code If-Match: "version"}. */
    public Builder ifMatchVersion(long version) {
      if (version < 0) {
        throw new IllegalArgumentException("a version is never negative");
      }
      this.ifMatchVersion = version;
      return this;
    }

    /** How long to wait for this call's response, instead of the client's request timeout. */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How long the whole call may take, every retry and wait between them included; past it the
     * call fails with a {@link ConnectionException} (or the last error answer), and each attempt's
     * timeout is cut to what is left.
     */
    public Builder deadline(Duration deadline) {
      if (deadline == null || deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("the deadline must be positive");
      }
      this.deadline = deadline;
      return this;
    }

    /**
     * Sends one more header with the call (a tracing header, say). The headers the SDK sets itself
     * ({@code Authorization}, {@code Idempotency-Key}, {@code If-Match}, {@code Content-Type}...)
     * cannot be set this way.
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            name + " is set by the SDK; use the RequestOptions method for it");
      }
      if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
        throw new IllegalArgumentException("not a header name: " + name);
      }
      if (!value.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
        throw new IllegalArgumentException("a header value has no control characters");
      }
      headers.put(name, value);
      return this;
    }

    /** W3C trace context: sends {@code traceparent} so the server's trace joins yours. */
    public Builder traceparent(String traceparent) {
      return header("traceparent", traceparent);
    }

    /**
     * Sends {@code X-Request-Id}: the server keeps a sane one (else makes its own) and logs with
     * it.
     */
    public Builder requestId(String requestId) {
      return header("X-Request-Id", requestId);
    }

    /** Sees every attempt of this call, in addition to the client's listener. */
    public Builder listener(RequestListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public RequestOptions build() {
      return new RequestOptions(this);
    }
  }
}
