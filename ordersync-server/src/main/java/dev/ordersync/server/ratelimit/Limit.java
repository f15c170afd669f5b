package dev.ordersync.server.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket: it holds at most {@code capacity} tokens (the burst) and gains {@code
 * refillTokens} every {@code period}, continuously rather than in steps. The {@code name} says
 * which limit a bucket belongs to, so one key (an address, say) has a separate bucket under each
 * limit; one name must always mean the same numbers.
 */
public record Limit(String name, long capacity, long refillTokens, Duration period) {
  public Limit {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(period, "period");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a limit needs a name");
    }
    if (capacity < 1 || refillTokens < 1) {
      throw new IllegalArgumentException(
          "capacity and refill must be at least 1: " + capacity + ", " + refillTokens);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("the refill period must be positive: " + period);
    }
    try {
      // The buckets count in units of 1/period(ns) of a token; a full bucket plus one refill must
      // fit in a long.
      Math.addExact(Math.multiplyExact(capacity, period.toNanos()), refillTokens);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("limit " + name + " is too large to count exactly", e);
    }
  }

  /** A bucket of {@code capacity} that gains {@code tokensPerSecond} every second. */
  public static Limit perSecond(String name, long capacity, long tokensPerSecond) {
    return new Limit(name, capacity, tokensPerSecond, Duration.ofSeconds(1));
  }
}
