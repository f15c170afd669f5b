package dev.ordersync.server.ratelimit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Token buckets in Redis, shared by every server instance: one Lua script per {@link #acquire}
 * refills and takes atomically, and each bucket is a hash ({@code t}: tokens, {@code at}: last
 * refill) that expires once it would be full.
 *
 * <p>The script reads the time from Redis ({@code TIME}), not from the caller: instances whose
 * clocks disagree by a second would otherwise refill a shared bucket by their own reckoning (the
 * one ahead grants tokens early, the one behind sees time run backwards), and a bucket's state only
 * makes sense against one clock. Redis is that one clock. Scripts replicate their effects, not
 * their text (always since Redis 7, asked for on 3.2 to 6), so a non-deterministic {@code TIME} is
 * safe. Precision is one microsecond, and every count stays below 2^53, where Lua's numbers are
 * exact.
 *
 * <p>When Redis cannot answer (down, timing out, pool exhausted), the limiter asks its {@code
 * whileUnreachable} limiter instead, which by default allows everything: failing open. For the
 * general API limits that is the right trade: they protect capacity, not secrets, and refusing
 * every request because the limiter's store is down would turn a Redis outage into a full outage of
 * ordering. For limits that are a security control (logins), pass an {@link InMemoryRateLimiter}
 * instead: each instance then still throttles on its own. The outage is logged as a warning at most
 * once a minute, so a dead Redis cannot flood the log, and {@link #healthy()} reports it to the
 * readiness check. While Redis is unreachable only one request per {@link #PROBE_INTERVAL} tries it
 * again, so a Redis that hangs costs the others no timeout.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RedisRateLimiter.class.getName());
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
  static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

  /** Beyond this, doubles in Lua stop counting exactly. */
  private static final long EXACT = 1L << 53;

  static final String SCRIPT =
      """
      -- One token bucket. KEYS[1]: the bucket. ARGV: capacity, refill tokens, refill period in microseconds.
      -- Tokens are counted in units of 1/period of a token: a microsecond adds exactly `refill` units.
      if redis.replicate_commands then redis.replicate_commands() end
      local capacity = tonumber(ARGV[1])
      local refill = tonumber(ARGV[2])
      local period = tonumber(ARGV[3])
      local full = capacity * period
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
      local state = redis.call('HMGET', KEYS[1], 't', 'at')
      local tokens = tonumber(state[1])
      local at = tonumber(state[2])
      if tokens == nil or at == nil or tokens > full then
        tokens = full
        at = now
      elseif now > at then
        local gained = (now - at) * refill
        if gained >= full - tokens then tokens = full else tokens = tokens + gained end
        at = now
      end
      -- A Redis clock that stepped back (a failover, say) leaves `at` ahead: nothing is refilled until it catches up.
      local wait = at - now
      if tokens < period then
        return {0, 0, wait + math.ceil((period - tokens) / refill), wait + math.ceil((full - tokens) / refill)}
      end
      tokens = tokens - period
      local untilFull = wait + math.ceil((full - tokens) / refill)
      redis.call('HSET', KEYS[1], 't', tokens, 'at', at)
      redis.call('PEXPIRE', KEYS[1], math.ceil(untilFull / 1000) + 1)
      return {1, math.floor(tokens / period), 0, untilFull}
      """;

  private final UnifiedJedis redis;
  private final String keyPrefix;
  private final RateLimiter whileUnreachable;
  private final Clock clock;
  private final String script;
  private final String sha;
  private final AtomicLong probeAt = new AtomicLong();
  private final AtomicLong warnAt = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean reachable = true;

  private RedisRateLimiter(Builder b) {
    this.keyPrefix = b.keyPrefix;
    this.whileUnreachable = b.whileUnreachable;
    this.clock = b.clock;
    this.script = b.scriptComment.isEmpty() ? SCRIPT : SCRIPT + "-- " + b.scriptComment + "\n";
    this.sha = sha1(script);
    this.redis = connect(b.url, b.timeout);
  }

  /**
   * A limiter on the Redis at {@code url} ({@code redis://[user:password@]host[:port][/db]}, or
   * {@code rediss://}).
   */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  @Override
  public Decision acquire(String key, Limit limit) {
    Objects.requireNonNull(key, "key");
    long periodMicros = periodMicros(limit);
    if (!tryRedis()) {
      return whileUnreachable.acquire(key, limit);
    }
    List<String> keys = List.of(keyPrefix + limit.name() + ":" + key);
    List<String> args =
        List.of(
            Long.toString(limit.capacity()),
            Long.toString(limit.refillTokens()),
            Long.toString(periodMicros));
    Object reply;
    try {
      try {
        reply = redis.evalsha(sha, keys, args);
      } catch (JedisNoScriptException e) {
        // Redis restarted, or flushed its scripts: EVAL runs the script and caches it for the next
        // EVALSHA.
        reply = redis.eval(script, keys, args);
      }
    } catch (JedisException e) {
      unreachable(e);
      return whileUnreachable.acquire(key, limit);
    }
    if (!reachable) {
      reachable = true;
    }
    List<?> r = (List<?>) reply;
    return new Decision(
        ((Long) r.get(0)) == 1L,
        limit.capacity(),
        (Long) r.get(1),
        Duration.of((Long) r.get(3), ChronoUnit.MICROS),
        Duration.of((Long) r.get(2), ChronoUnit.MICROS));
  }

  @Override
  public void reset(String key, Limit limit) {
    Objects.requireNonNull(key, "key");
    try {
      redis.del(keyPrefix + limit.name() + ":" + key);
      reachable = true;
    } catch (JedisException e) {
      unreachable(e);
    }
    whileUnreachable.reset(key, limit);
  }

  @Override
  public void remember(String key, Duration ttl) {
    Objects.requireNonNull(key, "key");
    whileUnreachable.remember(key, ttl);
    if (!tryRedis()) {
      return;
    }
    try {
      redis.psetex(keyPrefix + key, ttl.toMillis(), "1");
      reachable = true;
    } catch (JedisException e) {
      unreachable(e);
    }
  }

  @Override
  public boolean remembers(String key) {
    Objects.requireNonNull(key, "key");
    if (!tryRedis()) {
      return whileUnreachable.remembers(key);
    }
    try {
      boolean known = redis.exists(keyPrefix + key);
      reachable = true;
      return known || whileUnreachable.remembers(key);
    } catch (JedisException e) {
      unreachable(e);
      return whileUnreachable.remembers(key);
    }
  }

  /** Whether Redis answers a PING now: for the readiness check. */
  public boolean healthy() {
    try {
      redis.ping();
      reachable = true;
    } catch (JedisException e) {
      unreachable(e);
    }
    return reachable;
  }

  @Override
  public void close() {
    redis.close();
  }

  /**
   * Whether this request should ask Redis: always while it answers, else one request per probe
   * interval.
   */
  private boolean tryRedis() {
    if (reachable) {
      return true;
    }
    long now = clock.millis();
    long at = probeAt.get();
    return now >= at && probeAt.compareAndSet(at, now + PROBE_INTERVAL.toMillis());
  }

  private void unreachable(JedisException e) {
    reachable = false;
    long now = clock.millis();
    probeAt.set(now + PROBE_INTERVAL.toMillis());
    long at = warnAt.get();
    if (now >= at && warnAt.compareAndSet(at, now + WARNING_INTERVAL.toMillis())) {
      // The message names the failure, never the URL, which may hold a password.
      LOG.log(
          Level.WARNING,
          "Redis could not decide a rate limit ({0}: {1}); the fallback limiter decides until Redis answers again",
          new Object[] {e.getClass().getSimpleName(), e.getMessage()});
    }
  }

  private static long periodMicros(Limit limit) {
    long nanos = limit.period().toNanos();
    if (nanos % 1000 != 0) {
      throw new IllegalArgumentException(
          "limit " + limit.name() + ": Redis counts whole microseconds");
    }
    long micros = nanos / 1000;
    if (Math.multiplyHigh(limit.capacity(), micros) != 0
        || limit.capacity() * micros + limit.refillTokens() > EXACT) {
      throw new IllegalArgumentException(
          "limit " + limit.name() + " is too large to count exactly in Redis");
    }
    return micros;
  }

  private static UnifiedJedis connect(URI url, Duration timeout) {
    if (!JedisURIHelper.isRedisScheme(url) && !JedisURIHelper.isRedisSSLScheme(url)
        || url.getHost() == null) {
      throw new IllegalArgumentException("not a redis:// or rediss:// URL with a host");
    }
    int millis = Math.toIntExact(timeout.toMillis());
    DefaultJedisClientConfig config =
        DefaultJedisClientConfig.builder()
            .user(JedisURIHelper.getUser(url))
            .password(JedisURIHelper.getPassword(url))
            .database(JedisURIHelper.getDBIndex(url))
            .ssl(JedisURIHelper.isRedisSSLScheme(url))
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .build();
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(64);
    pool.setMaxIdle(64);
    // Never queue behind an exhausted pool for longer than a Redis call may take.
    pool.setMaxWait(timeout);
    pool.setJmxEnabled(false);
    int port = url.getPort() == -1 ? 6379 : url.getPort();
    return RedisClient.builder()
        .hostAndPort(new HostAndPort(url.getHost(), port))
        .clientConfig(config)
        .poolConfig(pool)
        .build();
  }

  private static String sha1(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }

  /** Options of a {@link RedisRateLimiter}; only the URL is required. */
  public static final class Builder {
    private final URI url;
    private String keyPrefix = "ordersync:ratelimit:";
    private Duration timeout = Duration.ofMillis(250);
    private RateLimiter whileUnreachable = RateLimiter.unlimited();
    private Clock clock = Clock.systemUTC();
    private String scriptComment = "";

    private Builder(URI url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** Put before every key, so that several apps or tests can share one Redis. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
      return this;
    }

    /**
     * The longest a call to Redis (connecting, or waiting for an answer or a pooled connection) may
     * take.
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "timeout must be a positive number of milliseconds: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Who decides while Redis cannot: by default nobody, every request is allowed (failing open).
     */
    public Builder whileUnreachable(RateLimiter fallback) {
      this.whileUnreachable = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /**
     * The clock of the probe and warning intervals; the buckets themselves run on Redis's clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Makes the script text, and so its SHA, unique: lets a test see the EVAL fallback without
     * flushing Redis.
     */
    Builder scriptComment(String comment) {
      this.scriptComment = comment.replace('\n', ' ');
      return this;
    }

    public RedisRateLimiter build() {
      return new RedisRateLimiter(this);
    }
  }
}
