package dev.ordersync.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The login throttle with its default limits: addresses count attempts, accounts count failures.
 */
class LoginThrottleTest {
  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";
  private static final String HOME = "203.0.113.7";

  private final FakeClock clock = new FakeClock();
  private final LoginThrottle throttle =
      new LoginThrottle(new InMemoryRateLimiter(clock), LoginThrottle.Limits.defaults());

  @Test
  void fiveFailuresSlowAnAccountDownToOneAttemptAMinute() {
    failTimes(ALICE, 5, "198.51.100.1");
    ThrottledException e =
        assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.2"));
    assertEquals(Duration.ofMinutes(1), e.retryAfter());
    assertEquals(60, e.retryAfterSeconds());
    assertFalse(e.getMessage().contains("alice"), "the refusal never names the account");

    clock.advance(Duration.ofSeconds(59));
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.3"));
    clock.advance(Duration.ofSeconds(1));
    assertDoesNotThrow(() -> throttle.check(ALICE, "198.51.100.4"));
    throttle.failed(ALICE, "198.51.100.4");
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.5"));
  }

  @Test
  void anAccountIsNeverLockedForGoodHoweverLongItIsAttacked() {
    // A day of an attacker using up every attempt the throttle allows, from ever new addresses.
    for (int minute = 0; minute < 24 * 60; minute++) {
      String address = "198.18." + (minute / 250) + "." + (minute % 250);
      for (int i = 0; i < 10; i++) {
        try {
          throttle.check(ALICE, address);
          throttle.failed(ALICE, address);
        } catch (ThrottledException refused) {
          assertTrue(
              refused.retryAfter().compareTo(Duration.ofMinutes(1)) <= 0,
              "never longer than a minute");
        }
      }
      clock.advance(Duration.ofMinutes(1));
    }
    // The owner, a minute after the attacker's last try, gets in.
    assertDoesNotThrow(() -> throttle.check(ALICE, HOME));
    throttle.succeeded(ALICE);
  }

  @Test
  void aSuccessForgivesTheFailures() {
    failTimes(ALICE, 4, HOME);
    throttle.check(ALICE, HOME);
    throttle.succeeded(ALICE);
    failTimes(ALICE, 5, HOME);
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, HOME));
  }

  @Test
  void accountsAreThrottledIndependently() {
    failTimes(ALICE, 5, "198.51.100.1");
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.2"));
    assertDoesNotThrow(() -> throttle.check(BOB, "198.51.100.2"));
  }

  @Test
  void anEmailIsOneAccountHoweverItIsTyped() {
    failTimes(" Alice@Example.COM ", 5, "198.51.100.1");
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.2"));
    assertEquals(LoginThrottle.accountKey(ALICE), LoginThrottle.accountKey("ALICE@example.com\t"));
  }

  @Test
  void oneAddressGetsTwentyAttemptsAcrossAccountsThenOneEveryThirtySeconds() {
    for (int i = 0; i < 20; i++) {
      String account = "user" + i + "@example.com";
      throttle.check(account, HOME);
      throttle.failed(account, HOME);
    }
    ThrottledException e =
        assertThrows(ThrottledException.class, () -> throttle.check("fresh@example.com", HOME));
    assertEquals(Duration.ofSeconds(30), e.retryAfter());
    assertDoesNotThrow(
        () -> throttle.check("fresh@example.com", "192.0.2.1"), "other addresses are not affected");

    clock.advance(Duration.ofSeconds(30));
    assertDoesNotThrow(() -> throttle.check("fresh@example.com", HOME));
  }

  @Test
  void anAddressOutOfAttemptsDoesNotSpendTheAccountsAllowance() {
    String attacker = "198.51.100.66";
    for (int i = 0; i < 20; i++) {
      throttle.check("user" + i + "@example.com", attacker);
    }
    for (int i = 0; i < 50; i++) {
      assertThrows(ThrottledException.class, () -> throttle.check(ALICE, attacker));
    }
    failTimes(ALICE, 5, HOME);
  }

  @Test
  void parallelGuessesCannotShareTheLastToken() {
    failTimes(ALICE, 4, HOME);
    // Two attempts checked before either has failed: only one may go ahead.
    throttle.check(ALICE, "198.51.100.1");
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.2"));
  }

  @Test
  void redisHoldsAHashOfTheAccountNeverTheEmail() {
    try (RedisRateLimiterTest.Prefix prefix = new RedisRateLimiterTest.Prefix();
        RedisRateLimiter limiter = prefix.limiter().build()) {
      LoginThrottle shared = new LoginThrottle(limiter, LoginThrottle.Limits.defaults());
      shared.check("Alice@Example.com", HOME);
      shared.failed("Alice@Example.com", HOME);

      List<String> keys = prefix.keys();
      String accountKey =
          prefix.value
              + "login-account:sha256:ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976";
      assertTrue(keys.contains(accountKey), keys.toString());
      assertTrue(keys.contains(prefix.value + "login-address:" + HOME), keys.toString());
      assertEquals(2, keys.size());
      assertTrue(
          keys.stream().noneMatch(k -> k.toLowerCase().contains("alice") || k.contains("@")),
          keys.toString());

      shared.succeeded("alice@example.com");
      assertFalse(prefix.keys().contains(accountKey), "success deletes the account's bucket");
    }
  }

  private void failTimes(String account, int times, String address) {
    for (int i = 0; i < times; i++) {
      throttle.check(account, address);
      throttle.failed(account, address);
    }
  }
}
