package dev.ordersync.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The registration throttle with its default limits: per address 20 then 20/h, per email 3 then
 * 3/h.
 */
class RegistrationThrottleTest {
  private final FakeClock clock = new FakeClock();
  private final RegistrationThrottle throttle =
      new RegistrationThrottle(
          new InMemoryRateLimiter(clock), RegistrationThrottle.Limits.defaults());

  @Test
  void oneEmailGetsThreeAttemptsThenThreeAnHourFromAnyAddress() {
    for (int i = 0; i < 3; i++) {
      int n = i;
      assertDoesNotThrow(() -> throttle.check("kim@example.kr", "198.51.100." + n));
    }
    ThrottledException e =
        assertThrows(
            ThrottledException.class, () -> throttle.check(" KIM@example.kr ", "203.0.113.9"));
    assertEquals(Duration.ofMinutes(20), e.retryAfter());
    assertFalse(e.getMessage().contains("kim"), "the refusal never names the email");
    assertDoesNotThrow(() -> throttle.check("lee@example.kr", "203.0.113.9"));
    clock.advance(Duration.ofMinutes(20));
    assertDoesNotThrow(() -> throttle.check("kim@example.kr", "203.0.113.10"));
    assertThrows(ThrottledException.class, () -> throttle.check("kim@example.kr", "203.0.113.11"));
  }

  @Test
  void oneAddressGetsTwentyAttemptsThenTwentyAnHour() {
    for (int i = 0; i < 20; i++) {
      int n = i;
      assertDoesNotThrow(() -> throttle.check("user" + n + "@example.kr", "203.0.113.7"));
    }
    ThrottledException e =
        assertThrows(
            ThrottledException.class, () -> throttle.check("new@example.kr", "203.0.113.7"));
    assertEquals(Duration.ofMinutes(3), e.retryAfter());
    assertDoesNotThrow(() -> throttle.check("new@example.kr", "203.0.113.8"));
  }

  @Test
  void anAddressOutOfAttemptsDoesNotSpendTheEmails() {
    for (int i = 0; i < 20; i++) {
      int n = i;
      throttle.check("user" + n + "@example.kr", "203.0.113.7");
    }
    for (int i = 0; i < 10; i++) {
      assertThrows(
          ThrottledException.class, () -> throttle.check("victim@example.kr", "203.0.113.7"));
    }
    for (int i = 0; i < 3; i++) {
      int n = i;
      assertDoesNotThrow(() -> throttle.check("victim@example.kr", "198.51.100." + n));
    }
  }
}
