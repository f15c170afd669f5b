package dev.ordersync.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis limiter against the machine's real Redis. Every test works under a key prefix of its
 * own and deletes only those keys.
 */
class RedisRateLimiterTest {
  static final URI REDIS = URI.create("redis://127.0.0.1:6379");

  private final Prefix prefix = new Prefix();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    prefix.close();
  }

  @Test
  void aFullBucketAllowsItsCapacityThenRefusesUntilATokenIsDue() {
    RedisRateLimiter limiter = open(prefix.limiter());
    Limit limit = new Limit("burst", 3, 1, Duration.ofHours(1));
    for (int left = 2; left >= 0; left--) {
      Decision d = limiter.acquire("k", limit);
      assertTrue(d.allowed());
      assertEquals(3, d.limit());
      assertEquals(left, d.remaining());
    }
    Decision refused = limiter.acquire("k", limit);
    assertFalse(refused.allowed());
    assertEquals(0, refused.remaining());
    assertBetween(Duration.ofMinutes(59), Duration.ofHours(1), refused.retryAfter());
    assertBetween(Duration.ofMinutes(179), Duration.ofHours(3), refused.resetAfter());
    assertTrue(limiter.acquire("other", limit).allowed(), "another key has its own bucket");
  }

  @Test
  void tokensComeBackAsRedisTimePasses() throws InterruptedException {
    RedisRateLimiter limiter = open(prefix.limiter());
    Limit limit = new Limit("refill", 2, 1, Duration.ofMillis(300));
    assertTrue(limiter.acquire("k", limit).allowed());
    assertTrue(limiter.acquire("k", limit).allowed());
    Decision refused = limiter.acquire("k", limit);
    assertFalse(refused.allowed());
    assertBetween(Duration.ofMillis(200), Duration.ofMillis(300), refused.retryAfter());

    Thread.sleep(refused.retryAfter().plusMillis(30).toMillis());
    assertTrue(limiter.acquire("k", limit).allowed());
    assertFalse(limiter.acquire("k", limit).allowed());
  }

  @Test
  void aBucketIsAHashThatExpiresWhenItWouldBeFullAndResetDeletesIt() {
    RedisRateLimiter limiter = open(prefix.limiter());
    Limit limit = new Limit("shape", 5, 1, Duration.ofSeconds(10));
    Decision d = limiter.acquire("k", limit);

    String key = prefix.value + "shape:k";
    assertEquals(List.of(key), prefix.keys());
    assertEquals("hash", prefix.admin.type(key));
    Map<String, String> fields = prefix.admin.hgetAll(key);
    assertEquals(
        Long.toString(4 * 10_000_000L), fields.get("t"), "4 tokens in units of 1/10,000,000");
    assertTrue(fields.containsKey("at"));
    long ttl = prefix.admin.pttl(key);
    assertTrue(
        ttl > 9_000 && ttl <= d.resetAfter().toMillis() + 1, "expires when full again: " + ttl);

    limiter.reset("k", limit);
    assertEquals(List.of(), prefix.keys());
    assertEquals(4, limiter.acquire("k", limit).remaining());
  }

  @Test
  void twoServerInstancesShareOneBucketAndRedisKeepsTheTime() {
    RedisRateLimiter first = open(prefix.limiter());
    // The second instance's clock is an hour ahead: with client time it would refill the bucket at
    // once.
    FakeClock skewed = new FakeClock(java.time.Instant.now().plus(Duration.ofHours(1)));
    RedisRateLimiter second = open(prefix.limiter().clock(skewed));
    Limit limit = new Limit("shared", 10, 1, Duration.ofHours(1));

    int allowed = 0;
    for (int i = 0; i < 10; i++) {
      allowed += (i % 2 == 0 ? first : second).acquire("k", limit).allowed() ? 1 : 0;
    }
    assertEquals(10, allowed);
    assertFalse(first.acquire("k", limit).allowed());
    assertFalse(second.acquire("k", limit).allowed());
  }

  @Test
  void aScriptRedisHasNotCachedIsSentInFullOnce() throws Exception {
    String comment = "test " + UUID.randomUUID();
    String sha = sha1(RedisRateLimiter.SCRIPT + "-- " + comment + "\n");
    assertFalse(prefix.admin.scriptExists(List.of(sha)).get(0));

    RedisRateLimiter limiter = open(prefix.limiter().scriptComment(comment));
    Limit limit = new Limit("noscript", 2, 1, Duration.ofMinutes(1));
    assertEquals(1, limiter.acquire("k", limit).remaining());

    assertTrue(
        prefix.admin.scriptExists(List.of(sha)).get(0), "EVAL cached it for the next EVALSHA");
    assertEquals(0, limiter.acquire("k", limit).remaining());
    assertTrue(limiter.healthy());
  }

  @Test
  void failsOpenWhenNothingListens() {
    RedisRateLimiter limiter = open(unreachable());
    Limit limit = new Limit("open", 1, 1, Duration.ofHours(1));
    for (int i = 0; i < 5; i++) {
      Decision d = limiter.acquire("k", limit);
      assertTrue(d.allowed());
      assertEquals(1, d.remaining());
    }
    assertFalse(limiter.healthy());
  }

  @Test
  void theFallbackLimiterDecidesWhileRedisIsUnreachable() {
    RedisRateLimiter limiter =
        open(unreachable().whileUnreachable(new InMemoryRateLimiter(new FakeClock())));
    Limit limit = new Limit("fallback", 2, 1, Duration.ofHours(1));
    assertTrue(limiter.acquire("k", limit).allowed());
    assertTrue(limiter.acquire("k", limit).allowed());
    assertFalse(limiter.acquire("k", limit).allowed());
  }

  @Test
  void anOutageIsLoggedAtMostOncePerMinuteAndNeverWithThePassword() {
    List<LogRecord> warnings = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
              warnings.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(RedisRateLimiter.class.getName());
    log.addHandler(capture);
    try {
      FakeClock clock = new FakeClock();
      URI withPassword = URI.create("redis://default:s3cret-pw@127.0.0.1:" + freePort());
      RedisRateLimiter limiter =
          open(RedisRateLimiter.builder(withPassword).timeout(Duration.ofMillis(200)).clock(clock));
      Limit limit = new Limit("log", 1, 1, Duration.ofHours(1));
      for (int i = 0; i < 20; i++) {
        limiter.acquire("k", limit);
        clock.advance(
            Duration.ofSeconds(2)); // past the probe interval: every second call tries Redis again
      }
      assertEquals(1, warnings.size(), "40 seconds of outage, one warning");
      clock.advance(Duration.ofSeconds(30));
      limiter.acquire("k", limit);
      assertEquals(2, warnings.size(), "a minute later, the next one");
      String text = new SimpleFormatter().formatMessage(warnings.getFirst());
      assertTrue(text.contains("Redis could not decide"), text);
      assertFalse(text.contains("s3cret-pw"), text);
    } finally {
      log.removeHandler(capture);
    }
  }

  @Test
  void limitsBeyondWhatRedisCountsExactlyAreRefused() {
    RedisRateLimiter limiter = open(prefix.limiter());
    assertThrows(
        IllegalArgumentException.class,
        () -> limiter.acquire("k", new Limit("sub-micro", 1, 1, Duration.ofNanos(1500))));
    assertThrows(
        IllegalArgumentException.class,
        // Exact in nanoseconds in a long (9.07e18), beyond 2^53 in microseconds (9.07e15).
        () -> limiter.acquire("k", new Limit("huge", 105_000, 1, Duration.ofDays(1))));
    assertEquals(List.of(), prefix.keys());
  }

  @Test
  void onlyRedisUrlsAreAccepted() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RedisRateLimiter.builder(URI.create("http://127.0.0.1:6379")).build());
  }

  private RedisRateLimiter open(RedisRateLimiter.Builder builder) {
    RedisRateLimiter limiter = builder.build();
    toClose.add(limiter);
    return limiter;
  }

  private static RedisRateLimiter.Builder unreachable() {
    return RedisRateLimiter.builder(URI.create("redis://127.0.0.1:" + freePort()))
        .timeout(Duration.ofMillis(200));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertBetween(Duration low, Duration high, Duration actual) {
    assertTrue(
        actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0,
        actual + " not in [" + low + ", " + high + "]");
  }

  private static String sha1(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A key prefix of one's own on the real Redis, and a client to look at and delete what is under
   * it.
   */
  static final class Prefix implements AutoCloseable {
    final String value = "ordersync-test:" + UUID.randomUUID() + ":";
    final RedisClient admin = RedisClient.create(REDIS);

    RedisRateLimiter.Builder limiter() {
      return RedisRateLimiter.builder(REDIS).keyPrefix(value);
    }

    List<String> keys() {
      List<String> keys = new ArrayList<>();
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page =
            admin.scan(cursor, new ScanParams().match(value + "*").count(1000));
        keys.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      return keys;
    }

    @Override
    public void close() {
      List<String> keys = keys();
      if (!keys.isEmpty()) {
        admin.del(keys.toArray(String[]::new));
      }
      admin.close();
    }
  }
}
