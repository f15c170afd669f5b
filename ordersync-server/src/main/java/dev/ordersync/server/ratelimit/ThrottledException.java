package dev.ordersync.server.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * Too many attempts: the caller should wait {@link #retryAfter()}. The message is written for the
 * client and never names the account or address that tripped the limit.
 */
public final class ThrottledException extends RuntimeException {
  private final Duration retryAfter;

  public ThrottledException(String detail, Duration retryAfter) {
    super(detail, null, false, false);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * {@link #retryAfter()} in whole seconds, rounded up and at least 1, as {@code Retry-After} wants
   * it.
   */
  public long retryAfterSeconds() {
    long s = retryAfter.getSeconds() + (retryAfter.getNano() == 0 ? 0 : 1);
    return Math.max(1, s);
  }
}
