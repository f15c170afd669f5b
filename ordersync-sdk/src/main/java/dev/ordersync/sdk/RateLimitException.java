package dev.ordersync.sdk;

import java.time.Duration;
import java.util.Optional;

/** 429: too many requests. Wait {@link #retryAfter()} before trying again. */
public final class RateLimitException extends ApiException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public RateLimitException(Problem problem) {
    this(problem, null, null);
  }

  public RateLimitException(Problem problem, ResponseMetadata metadata, Duration retryAfter) {
    super(problem, metadata);
    this.retryAfter = retryAfter;
  }

  /** How long the server asked us to wait ({@code Retry-After}), or empty if it did not say. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
