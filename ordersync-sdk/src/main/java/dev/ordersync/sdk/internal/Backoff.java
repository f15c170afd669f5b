package dev.ordersync.sdk.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before each retry: exponential from {@code initial}, capped at {@code max}, with
 * "equal jitter" (half the delay fixed, half random) so that many clients failing together do not
 * come back together.
 */
public record Backoff(Duration initial, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8));

  public Backoff {
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 <= initial <= max");
    }
  }

  /** The delay before retry number {@code retry} (0 for the first retry). */
  public Duration delay(int retry) {
    long ceiling = max.toNanos();
    long delay = Math.min(initial.toNanos(), ceiling);
    for (int i = 0; i < retry && delay < ceiling; i++) {
      delay = Math.min(ceiling, delay * 2);
    }
    long half = delay / 2;
    return Duration.ofNanos(
        half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
  }
}
