package dev.ordersync.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings for one call, overriding the client's.
 *
 * <pre>{@code
 * client.orders().place(request, RequestOptions.idempotencyKey(cartId));
 * client.orders().get(orderId, RequestOptions.accessToken(orderToken));
 * client.restaurantOrders().start(orderId, RequestOptions.builder().ifMatchVersion(order.version()).build());
 * }</pre>
 */
public final class RequestOptions {
  static final RequestOptions NONE = builder().build();

  private final String idempotencyKey;
  private final String accessToken;
  private final Long ifMatchVersion;
  private final Duration timeout;

  private RequestOptions(Builder b) {
    this.idempotencyKey = b.idempotencyKey;
    this.accessToken = b.accessToken;
    this.ifMatchVersion = b.ifMatchVersion;
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code Idempotency-Key: key}: the server does a creating call once per key and replays
   * its first answer to repeats, which also lets this SDK retry the call safely. Use a key that
   * names the intent, such as a cart id.
   */
  public static RequestOptions idempotencyKey(String key) {
    return builder().idempotencyKey(key).build();
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

  String accessToken() {
    return accessToken;
  }

  Long ifMatchVersion() {
    return ifMatchVersion;
  }

  Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return "RequestOptions[idempotencyKey="
        + idempotencyKey
        + ", accessToken="
        + (accessToken == null ? null : "<redacted>")
        + ", ifMatchVersion="
        + ifMatchVersion
        + ", timeout="
        + timeout
        + "]";
  }

  /** Collects the options; anything not set comes from the client. */
  public static final class Builder {
    private String idempotencyKey;
    private String accessToken;
    private Long ifMatchVersion;
    private Duration timeout;

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

    public RequestOptions build() {
      return new RequestOptions(this);
    }
  }
}
