package dev.ordersync.server.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to one {@link RateLimiter#acquire}: whether the token was granted, the bucket's
 * capacity ({@code limit}), the whole tokens left, how long until the bucket is full again ({@code
 * resetAfter}) and, when refused, how long until one token is there ({@code retryAfter}, zero when
 * allowed).
 */
public record Decision(
    boolean allowed, long limit, long remaining, Duration resetAfter, Duration retryAfter) {
  public Decision {
    Objects.requireNonNull(resetAfter, "resetAfter");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (limit < 1 || remaining < 0 || remaining > limit) {
      throw new IllegalArgumentException("remaining " + remaining + " of limit " + limit);
    }
    if (resetAfter.isNegative() || retryAfter.isNegative()) {
      throw new IllegalArgumentException("durations cannot be negative");
    }
    if (allowed && !retryAfter.isZero()) {
      throw new IllegalArgumentException("an allowed decision has nothing to wait for");
    }
  }

  /**
   * What a limiter answers when it does not limit at all (a store that cannot be reached, when
   * failing open).
   */
  static Decision unlimited(Limit limit) {
    return new Decision(true, limit.capacity(), limit.capacity(), Duration.ZERO, Duration.ZERO);
  }

  /**
   * {@code retryAfter} in whole seconds, rounded up and at least 1, as {@code Retry-After} wants
   * it.
   */
  public long retryAfterSeconds() {
    return Math.max(1, ceilSeconds(retryAfter));
  }

  /** {@code resetAfter} in whole seconds, rounded up. */
  public long resetAfterSeconds() {
    return ceilSeconds(resetAfter);
  }

  private static long ceilSeconds(Duration d) {
    return d.getNano() == 0 ? d.getSeconds() : d.getSeconds() + 1;
  }
}
