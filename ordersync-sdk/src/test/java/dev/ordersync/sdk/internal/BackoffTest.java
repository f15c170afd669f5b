package dev.ordersync.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8));

  private static void assertBetween(Duration low, Duration high, Duration actual) {
    assertTrue(
        actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0,
        actual + " not in [" + low + ", " + high + "]");
  }

  @Test
  void delaysDoubleWithJitterUpToTheCap() {
    for (int i = 0; i < 200; i++) {
      assertBetween(Duration.ofMillis(250), Duration.ofMillis(500), backoff.delay(0));
      assertBetween(Duration.ofMillis(500), Duration.ofMillis(1000), backoff.delay(1));
      assertBetween(Duration.ofSeconds(2), Duration.ofSeconds(4), backoff.delay(3));
      assertBetween(Duration.ofSeconds(4), Duration.ofSeconds(8), backoff.delay(10));
      assertBetween(Duration.ofSeconds(4), Duration.ofSeconds(8), backoff.delay(Integer.MAX_VALUE));
    }
  }

  @Test
  void theJitterActuallyVaries() {
    long distinct =
        java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.delay(2)).distinct().count();
    assertTrue(distinct > 10, "only " + distinct + " distinct delays");
  }

  @Test
  void aMaxBelowTheInitialDelayIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
  }
}
