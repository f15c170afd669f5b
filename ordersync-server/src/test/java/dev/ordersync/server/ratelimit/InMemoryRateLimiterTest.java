package dev.ordersync.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Token bucket arithmetic on a clock that only moves when told, and the bounds on what the buckets
 * may hold.
 */
class InMemoryRateLimiterTest {
  private final FakeClock clock = new FakeClock();
  private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);

  @Test
  void aFullBucketAllowsItsCapacityAtOnceThenRefuses() {
    Limit limit = new Limit("burst", 5, 1, Duration.ofSeconds(1));
    for (int i = 4; i >= 0; i--) {
      Decision d = limiter.acquire("k", limit);
      assertTrue(d.allowed());
      assertEquals(5, d.limit());
      assertEquals(i, d.remaining());
      assertEquals(Duration.ZERO, d.retryAfter());
    }
    Decision refused = limiter.acquire("k", limit);
    assertFalse(refused.allowed());
    assertEquals(0, refused.remaining());
    assertEquals(Duration.ofSeconds(1), refused.retryAfter());
    assertEquals(Duration.ofSeconds(5), refused.resetAfter());
  }

  @Test
  void retryAfterIsExactToTheNanosecond() {
    Limit limit = new Limit("slow", 3, 1, Duration.ofSeconds(10));
    drain("k", limit, 3);
    assertEquals(Duration.ofSeconds(10), limiter.acquire("k", limit).retryAfter());

    clock.advance(Duration.ofSeconds(10).minusNanos(1));
    Decision almost = limiter.acquire("k", limit);
    assertFalse(almost.allowed());
    assertEquals(Duration.ofNanos(1), almost.retryAfter());

    clock.advance(Duration.ofNanos(1));
    assertTrue(limiter.acquire("k", limit).allowed());
    assertFalse(limiter.acquire("k", limit).allowed());
  }

  @Test
  void refillIsContinuousAndLosesNothingToRounding() {
    // 3 tokens a second is one every 333,333,333.33 ns: a bucket that rounded each refill would
    // drift.
    Limit limit = new Limit("thirds", 10, 3, Duration.ofSeconds(1));
    drain("k", limit, 10);
    Decision empty = limiter.acquire("k", limit);
    assertEquals(Duration.ofNanos(333_333_334), empty.retryAfter());
    assertEquals(Duration.ofNanos(3_333_333_334L), empty.resetAfter());
    assertEquals(4, empty.resetAfterSeconds());

    // A millisecond adds 0.003 tokens. Asking every millisecond, the tokens come exactly when they
    // are due: at
    // 333.33 ms, 666.67 ms and 1000 ms, so at the 334th, 667th and 1000th step, and no other.
    List<Integer> grantedAt = new ArrayList<>();
    for (int step = 1; step <= 1000; step++) {
      clock.advance(Duration.ofMillis(1));
      if (limiter.acquire("k", limit).allowed()) {
        grantedAt.add(step);
      }
    }
    assertEquals(List.of(334, 667, 1000), grantedAt);
  }

  @Test
  void aBucketLeftAloneFillsOnlyToItsCapacity() {
    Limit limit = new Limit("cap", 4, 2, Duration.ofSeconds(1));
    drain("k", limit, 4);
    clock.advance(Duration.ofDays(3));
    drain("k", limit, 4);
    assertFalse(limiter.acquire("k", limit).allowed());
  }

  @Test
  void keysAndLimitNamesHaveSeparateBuckets() {
    Limit a = new Limit("a", 1, 1, Duration.ofMinutes(1));
    Limit b = new Limit("b", 1, 1, Duration.ofMinutes(1));
    assertTrue(limiter.acquire("k1", a).allowed());
    assertFalse(limiter.acquire("k1", a).allowed());
    assertTrue(limiter.acquire("k2", a).allowed());
    assertTrue(limiter.acquire("k1", b).allowed());
  }

  @Test
  void resetFillsTheBucketAgain() {
    Limit limit = new Limit("reset", 2, 1, Duration.ofHours(1));
    drain("k", limit, 2);
    assertFalse(limiter.acquire("k", limit).allowed());
    limiter.reset("k", limit);
    assertEquals(1, limiter.acquire("k", limit).remaining());
  }

  @Test
  void aClockSteppingBackRefillsNothingUntilItCatchesUp() {
    Limit limit = new Limit("step", 1, 1, Duration.ofSeconds(1));
    var start = clock.instant();
    drain("k", limit, 1);
    clock.set(start.minusSeconds(5));
    Decision refused = limiter.acquire("k", limit);
    assertFalse(refused.allowed());
    assertEquals(Duration.ofSeconds(6), refused.retryAfter());
    clock.set(start.plusMillis(999));
    assertFalse(limiter.acquire("k", limit).allowed());
    clock.set(start.plusSeconds(1));
    assertTrue(limiter.acquire("k", limit).allowed());
  }

  @Test
  void bucketsThatAreFullAgainAreDroppedOnTheNextSweep() {
    Limit fast = new Limit("fast", 2, 1, Duration.ofSeconds(1));
    Limit slow = new Limit("slow", 2, 1, Duration.ofHours(1));
    limiter.acquire("a", fast);
    limiter.acquire("b", slow);
    assertEquals(2, limiter.size());

    clock.advance(InMemoryRateLimiter.SWEEP_INTERVAL);
    limiter.acquire("c", fast);

    assertFalse(limiter.holds("a", fast), "full again, so forgotten");
    assertTrue(limiter.holds("b", slow), "still refilling, so kept");
    assertTrue(limiter.holds("c", fast));
    assertEquals(2, limiter.size());
  }

  @Test
  void pastTheKeyCapTheBucketsThatWouldBeFullSoonestAreEvicted() {
    InMemoryRateLimiter capped = new InMemoryRateLimiter(clock, 10);
    Limit limit = new Limit("capped", 1, 1, Duration.ofHours(1));
    for (int i = 0; i < 10; i++) {
      assertTrue(capped.acquire("k" + i, limit).allowed());
      clock.advance(Duration.ofSeconds(1));
    }
    assertEquals(10, capped.size());

    capped.acquire("k10", limit);

    // Eleven held, the cap is ten: evicted down to nine, the two drained first (and so full first)
    // go.
    assertEquals(9, capped.size());
    assertFalse(capped.holds("k0", limit));
    assertFalse(capped.holds("k1", limit));
    for (int i = 2; i <= 10; i++) {
      assertTrue(capped.holds("k" + i, limit), "k" + i);
    }
    assertFalse(capped.acquire("k5", limit).allowed(), "a kept bucket keeps its state");
  }

  @Test
  void aFloodOfNewKeysNeverHoldsMoreThanTheCap() {
    InMemoryRateLimiter capped = new InMemoryRateLimiter(clock, 1000);
    Limit limit = new Limit("flood", 5, 1, Duration.ofHours(1));
    int most = 0;
    for (int i = 0; i < 20_000; i++) {
      capped.acquire("key-" + i, limit);
      most = Math.max(most, capped.size());
    }
    assertEquals(1000, most);
  }

  @Test
  void decisionsRoundSecondsUpForHeaders() {
    Decision refused = new Decision(false, 5, 0, Duration.ofMillis(4001), Duration.ofMillis(1));
    assertEquals(1, refused.retryAfterSeconds());
    assertEquals(5, refused.resetAfterSeconds());
    assertEquals(1, new Decision(false, 5, 0, Duration.ZERO, Duration.ZERO).retryAfterSeconds());
    assertEquals(
        2,
        new Decision(false, 5, 0, Duration.ofSeconds(2), Duration.ofSeconds(2))
            .retryAfterSeconds());
  }

  @Test
  void limitsThatCannotBeCountedExactlyAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Limit("huge", Long.MAX_VALUE / 2, 1, Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class, () -> new Limit("zero", 0, 1, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> new Limit("never", 1, 1, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new Limit(" ", 1, 1, Duration.ofSeconds(1)));
  }

  private List<Decision> drain(String key, Limit limit, int n) {
    List<Decision> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Decision d = limiter.acquire(key, limit);
      assertTrue(d.allowed(), "token " + (i + 1) + " of " + n);
      out.add(d);
    }
    return out;
  }
}
