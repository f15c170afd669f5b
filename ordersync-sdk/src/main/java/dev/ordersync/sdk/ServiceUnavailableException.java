package dev.ordersync.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * 503: the server or a service it needs (the database, the payment gateway) is unavailable for now;
 * nothing was done. Try again after {@link #retryAfter()}.
 */
public final class ServiceUnavailableException extends ApiException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public ServiceUnavailableException(Problem problem) {
    this(problem, null, null);
  }

  public ServiceUnavailableException(
      Problem problem, ResponseMetadata metadata, Duration retryAfter) {
    super(problem, metadata);
    this.retryAfter = retryAfter;
  }

  /** How long the server asked us to wait ({@code Retry-After}), or empty if it did not say. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
