package dev.ordersync.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many threads on one bucket: with capacity N and no refill, exactly N are let through, however
 * they interleave.
 */
class ConcurrentAcquiresTest {
  private static final int THREADS = 16;
  private static final int ATTEMPTS_PER_THREAD = 500;
  // One token a day: nothing refills while the test runs.
  private static final Limit HOT = new Limit("hot", 1000, 1, Duration.ofDays(1));

  @Test
  void manyThreadsOnOneKeyNeverGetMoreThanTheCapacity() throws Exception {
    InMemoryRateLimiter limiter = new InMemoryRateLimiter(new FakeClock());
    int allowed = race(limiter, i -> "hot");
    assertEquals(1000, allowed);
  }

  @Test
  void evictionsRacingTheTakersLetNoExtraTokenThrough() throws Exception {
    // A cap of 50 keys and a stream of one-off keys keep the sweeper evicting while the hot bucket
    // is drained; the hot
    // bucket would be full last, so it stays, and a token taken from a bucket being dropped must
    // not be lost.
    FakeClock clock = new FakeClock();
    InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock, 50);
    Limit cold = new Limit("cold", 5, 5, Duration.ofSeconds(1));
    AtomicInteger mostHeld = new AtomicInteger();
    int allowed =
        race(
            limiter,
            i -> {
              limiter.acquire("cold-" + i, cold);
              mostHeld.accumulateAndGet(limiter.size(), Math::max);
              clock.advance(Duration.ofNanos(1));
              return "hot";
            });
    assertEquals(1000, allowed);
    // New keys wait for the sweep rather than outrun it: at most one bucket per thread beyond the
    // cap.
    assertTrue(mostHeld.get() <= 50 + THREADS, "held " + mostHeld.get());
  }

  @Test
  void redisLetsExactlyTheCapacityThroughUnderConcurrency() throws Exception {
    try (RedisRateLimiterTest.Prefix prefix = new RedisRateLimiterTest.Prefix();
        RedisRateLimiter limiter = prefix.limiter().build()) {
      Limit limit = new Limit("hot", 100, 1, Duration.ofDays(1));
      int allowed = 0;
      try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    int mine = 0;
                    for (int i = 0; i < 50; i++) {
                      mine += limiter.acquire("hot", limit).allowed() ? 1 : 0;
                    }
                    return mine;
                  }));
        }
        start.countDown();
        for (Future<Integer> f : results) {
          allowed += f.get(60, TimeUnit.SECONDS);
        }
      }
      assertEquals(100, allowed);
    }
  }

  interface KeyPerAttempt {
    String key(int attempt);
  }

  private static int race(RateLimiter limiter, KeyPerAttempt keys) throws Exception {
    int allowed = 0;
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int mine = 0;
                  for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
                    String key = keys.key(thread * ATTEMPTS_PER_THREAD + i);
                    mine += limiter.acquire(key, HOT).allowed() ? 1 : 0;
                  }
                  return mine;
                }));
      }
      start.countDown();
      for (Future<Integer> f : results) {
        allowed += f.get(60, TimeUnit.SECONDS);
      }
    }
    return allowed;
  }
}
