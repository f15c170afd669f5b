package dev.ordersync.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** 429: too many requests. Wait {@link #retryAfter()} before trying again. */
public final class RateLimitException extends OrderSyncException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  RateLimitException(
      String code, String requestId, String detail, List<FieldError> errors, Duration retryAfter) {
    super(429, code, requestId, detail, errors, null);
    this.retryAfter = retryAfter;
  }

  /** How long the server asked us to wait ({@code Retry-After}), or empty if it did not say. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
