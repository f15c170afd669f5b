package dev.ordersync.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), ZoneOffset.UTC);

  @Test
  void secondsAreADuration() {
    assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", clock));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(" 0 ", clock));
  }

  @Test
  void anHttpDateIsTheTimeUntilThen() {
    assertEquals(
        Optional.of(Duration.ofSeconds(90)),
        RetryAfter.parse("Tue, 24 Nov 2026 06:01:30 GMT", clock));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertEquals(
        Optional.of(Duration.ZERO), RetryAfter.parse("Tue, 24 Nov 2026 05:00:00 GMT", clock));
  }

  @Test
  void anythingElseIsIgnored() {
    assertEquals(Optional.empty(), RetryAfter.parse(null, clock));
    assertEquals(Optional.empty(), RetryAfter.parse("", clock));
    assertEquals(Optional.empty(), RetryAfter.parse("-5", clock));
    assertEquals(Optional.empty(), RetryAfter.parse("soon", clock));
    assertEquals(Optional.empty(), RetryAfter.parse("99999999999999999999999", clock));
  }
}
