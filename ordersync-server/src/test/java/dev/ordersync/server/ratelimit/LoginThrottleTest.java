package dev.ordersync.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
      new LoginThrottle(
          new InMemoryRateLimiter(clock),
          LoginThrottle.Limits.defaults(),
          "a test key of thirty-two bytes..".getBytes(StandardCharsets.US_ASCII),
          clock);

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
    throttle.failed(assertDoesNotThrow(() -> throttle.check(ALICE, "198.51.100.4")));
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.5"));
  }

  @Test
  void anAccountIsNeverLockedForGoodHoweverLongItIsAttacked() {
    // A day of an attacker using up every attempt the throttle allows, from ever new addresses.
    for (int minute = 0; minute < 24 * 60; minute++) {
      String address = "198.18." + (minute / 250) + "." + (minute % 250);
      for (int i = 0; i < 10; i++) {
        try {
          throttle.failed(throttle.check(ALICE, address));
        } catch (ThrottledException refused) {
          assertTrue(
              refused.retryAfter().compareTo(Duration.ofMinutes(1)) <= 0,
              "never longer than a minute");
        }
      }
      clock.advance(Duration.ofMinutes(1));
    }
    // The owner, a minute after the attacker's last try, gets in.
    throttle.succeeded(assertDoesNotThrow(() -> throttle.check(ALICE, HOME)));
  }

  @Test
  void aSuccessForgivesTheFailures() {
    failTimes(ALICE, 4, HOME);
    throttle.succeeded(throttle.check(ALICE, HOME));
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
      throttle.failed(throttle.check(account, HOME));
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
      shared.failed(shared.check("Alice@Example.com", HOME));

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

      shared.succeeded(shared.check("alice@example.com", HOME));
      assertFalse(prefix.keys().contains(accountKey), "success deletes the account's bucket");
    }
  }

  @Test
  void theOwnerKeepsGettingInWhileStrangersGuessOnceEveryTenSeconds() {
    // The owner logged in at home and on their phone before the attack.
    String cookie = throttle.succeeded(throttle.check(ALICE, HOME));
    String phone = "203.0.113.99";
    int ownerRefused = 0;
    int attackerRefused = 0;
    for (int second = 0; second < 3600; second += 10) {
      String rotating = "198.18." + (second / 2500) + "." + (second / 10 % 250);
      try {
        throttle.failed(throttle.check(ALICE, rotating));
      } catch (ThrottledException refused) {
        attackerRefused++;
      }
      if (second % 60 == 30) {
        // Every minute the owner logs in: from home, and from an unknown address with the cookie.
        try {
          throttle.succeeded(throttle.check(ALICE, HOME));
          cookie = throttle.succeeded(throttle.check(ALICE, phone + second, cookie));
        } catch (ThrottledException refused) {
          ownerRefused++;
        }
      }
      clock.advance(Duration.ofSeconds(10));
    }
    assertEquals(0, ownerRefused, "the owner is never refused");
    assertTrue(attackerRefused > 250, "the strangers are slowed down: " + attackerRefused);
  }

  @Test
  void theOwnersSuccessGivesStrangersNothingBack() {
    throttle.succeeded(throttle.check(ALICE, HOME));
    failTimes(ALICE, 5, "198.51.100.1");
    throttle.succeeded(throttle.check(ALICE, HOME));
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.2"));
  }

  @Test
  void aForgedOrForeignDeviceCookieCountsAsAStranger() {
    String bobsCookie = throttle.succeeded(throttle.check(BOB, "192.0.2.5"));
    String alicesCookie = throttle.succeeded(throttle.check(ALICE, HOME));
    failTimes(ALICE, 5, "198.51.100.1");
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.2", bobsCookie));
    String forged = alicesCookie.substring(0, alicesCookie.length() - 2) + "AA";
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.3", forged));
    assertThrows(ThrottledException.class, () -> throttle.check(ALICE, "198.51.100.4", "d1.x.1.y"));
    assertEquals(
        LoginThrottle.Place.DEVICE, throttle.check(ALICE, "198.51.100.5", alicesCookie).place());

    clock.advance(Duration.ofDays(91));
    failTimes(ALICE, 5, "198.51.100.6");
    assertThrows(
        ThrottledException.class,
        () -> throttle.check(ALICE, "198.51.100.7", alicesCookie),
        "a device cookie is good for 90 days");
  }

  @Test
  void anAttackerGetsAtMostOneHundredGuessesAnHourAcrossAllAddresses() {
    // Known address included: an attacker behind the owner's home NAT as well as everywhere else.
    throttle.succeeded(throttle.check(ALICE, HOME));
    int guesses = 0;
    for (int second = 0; second < 3600; second++) {
      String rotating = "198.18." + (second / 250) + "." + (second % 250);
      for (String address : List.of(rotating, HOME)) {
        try {
          throttle.failed(throttle.check(ALICE, address));
          guesses++;
        } catch (ThrottledException refused) {
          // as expected, most of the time
        }
      }
      clock.advance(Duration.ofSeconds(1));
    }
    assertTrue(guesses <= 100, "ASVS V2.2.1 asks for at most 100 an hour: " + guesses);
    assertTrue(guesses >= 90, "and the owner is only slowed down: " + guesses);
  }

  @Test
  void knownAddressesAreSharedThroughRedisAsHashes() {
    try (RedisRateLimiterTest.Prefix prefix = new RedisRateLimiterTest.Prefix();
        RedisRateLimiter limiter = prefix.limiter().build()) {
      LoginThrottle shared = new LoginThrottle(limiter, LoginThrottle.Limits.defaults());
      LoginThrottle otherInstance = new LoginThrottle(limiter, LoginThrottle.Limits.defaults());
      shared.succeeded(shared.check(ALICE, HOME));
      for (int i = 0; i < 5; i++) {
        shared.failed(shared.check(ALICE, "198.51.100." + i));
      }
      assertThrows(ThrottledException.class, () -> otherInstance.check(ALICE, "198.51.100.9"));
      assertEquals(LoginThrottle.Place.KNOWN_ADDRESS, otherInstance.check(ALICE, HOME).place());
      assertTrue(
          prefix.keys().stream()
              .noneMatch(k -> k.startsWith(prefix.value + "login-known:") && k.contains(HOME)),
          prefix.keys().toString());
    }
  }

  private void failTimes(String account, int times, String address) {
    for (int i = 0; i < times; i++) {
      throttle.failed(throttle.check(account, address));
    }
  }
}
