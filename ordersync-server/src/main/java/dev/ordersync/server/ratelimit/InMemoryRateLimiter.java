package dev.ordersync.server.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Token buckets in this process's memory: exact, thread-safe and bounded. A bucket that is full
 * again is the same as no bucket, so it is dropped on the next sweep (every {@link
 * #SWEEP_INTERVAL}). Beyond {@code maxKeys} buckets (plus at most one per thread acquiring at that
 * moment) the ones that would be full soonest are dropped, as they lose the least by being
 * forgotten: a slow-refilling login bucket outlives a fast API bucket touched later.
 *
 * <p>Each server instance has its own buckets: behind a load balancer use {@link RedisRateLimiter},
 * or accept that the limits multiply by the number of instances.
 */
public final class InMemoryRateLimiter implements RateLimiter {
  public static final int DEFAULT_MAX_KEYS = 100_000;
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);
  private static final Function<String, ConcurrentHashMap<String, Bucket>> NEW_LIMIT =
      name -> new ConcurrentHashMap<>();

  private final Clock clock;
  private final int maxKeys;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Bucket>> byLimit =
      new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final ConcurrentHashMap<String, Long> remembered = new ConcurrentHashMap<>();
  private final ReentrantLock sweeping = new ReentrantLock();
  // A field, so that looking a bucket up allocates nothing when it exists.
  private final Function<String, Bucket> newBucket =
      key -> {
        size.incrementAndGet();
        return new Bucket();
      };
  private volatile long nextSweep;

  public InMemoryRateLimiter(Clock clock) {
    this(clock, DEFAULT_MAX_KEYS);
  }

  public InMemoryRateLimiter(Clock clock, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1: " + maxKeys);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxKeys = maxKeys;
    this.nextSweep = nanos(clock.instant()) + SWEEP_INTERVAL.toNanos();
  }

  @Override
  public Decision acquire(String key, Limit limit) {
    Objects.requireNonNull(key, "key");
    long now = nanos(clock.instant());
    ConcurrentHashMap<String, Bucket> buckets = buckets(limit);
    Decision decision;
    do {
      Bucket bucket = buckets.get(key);
      if (bucket == null) {
        bucket = buckets.computeIfAbsent(key, newBucket);
      }
      // null when a sweep or reset dropped this bucket in the meantime: the next look-up finds or
      // makes its successor.
      decision = bucket.take(now, limit);
    } while (decision == null);
    if (size.get() > maxKeys) {
      sweep(now, true);
    } else if (now >= nextSweep) {
      sweep(now, false);
    }
    return decision;
  }

  @Override
  public void reset(String key, Limit limit) {
    Objects.requireNonNull(key, "key");
    ConcurrentHashMap<String, Bucket> buckets = buckets(limit);
    Bucket bucket = buckets.get(key);
    if (bucket != null) {
      bucket.drop(buckets, key, size);
    }
  }

  @Override
  public void remember(String key, Duration ttl) {
    Objects.requireNonNull(key, "key");
    long now = nanos(clock.instant());
    remembered.put(key, now + ttl.toNanos());
    if (remembered.size() > maxKeys) {
      forgetExpired(now);
    }
  }

  @Override
  public boolean remembers(String key) {
    Long until = remembered.get(key);
    return until != null && until > nanos(clock.instant());
  }

  /**
   * Drops the keys whose time is up; still over the cap, the ones closest to expiring (a flood of
   * successful logins cannot grow the map without bound).
   */
  private void forgetExpired(long now) {
    remembered.values().removeIf(until -> until <= now);
    int excess = remembered.size() - (maxKeys - Math.max(1, maxKeys / 10));
    if (excess > 0) {
      remembered.entrySet().stream()
          .sorted(Map.Entry.comparingByValue())
          .limit(excess)
          .map(Map.Entry::getKey)
          .toList()
          .forEach(remembered::remove);
    }
  }

  /** How many buckets are held now. */
  int size() {
    return size.get();
  }

  /** Whether a bucket is held for this key (a full bucket may or may not be). */
  boolean holds(String key, Limit limit) {
    ConcurrentHashMap<String, Bucket> buckets = byLimit.get(limit.name());
    return buckets != null && buckets.containsKey(key);
  }

  private ConcurrentHashMap<String, Bucket> buckets(Limit limit) {
    ConcurrentHashMap<String, Bucket> buckets = byLimit.get(limit.name());
    return buckets != null ? buckets : byLimit.computeIfAbsent(limit.name(), NEW_LIMIT);
  }

  /**
   * Drops the buckets that are full; then, when over the cap, those that will be full soonest. One
   * thread at a time: over the cap the others wait for it (or a flood of new keys would outrun it),
   * else they leave it to the one sweeping.
   */
  private void sweep(long now, boolean wait) {
    if (wait) {
      sweeping.lock();
    } else if (!sweeping.tryLock()) {
      return;
    }
    try {
      boolean overCap = size.get() > maxKeys;
      if (now < nextSweep && !overCap) {
        return;
      }
      nextSweep = now + SWEEP_INTERVAL.toNanos();
      List<Held> held = new ArrayList<>();
      for (ConcurrentHashMap<String, Bucket> buckets : byLimit.values()) {
        for (Map.Entry<String, Bucket> e : buckets.entrySet()) {
          Bucket b = e.getValue();
          long fullAt = b.fullAt();
          if (fullAt <= now) {
            b.dropIfFull(now, buckets, e.getKey(), size);
          } else {
            held.add(new Held(fullAt, buckets, e.getKey(), b));
          }
        }
      }
      // Over the cap, evict to a tenth below it, so that a flood of new keys costs one sweep per
      // maxKeys/10 keys.
      int excess = size.get() - (maxKeys - Math.max(1, maxKeys / 10));
      if (overCap && excess > 0) {
        Held[] oldest = held.toArray(Held[]::new);
        Arrays.sort(oldest, (a, b) -> Long.compare(a.fullAt, b.fullAt));
        for (int i = 0; i < oldest.length && excess > 0; i++) {
          if (oldest[i].bucket.drop(oldest[i].buckets, oldest[i].key, size)) {
            excess--;
          }
        }
      }
    } finally {
      sweeping.unlock();
    }
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  /** A bucket seen by a sweep, with when it was due to be full at that moment. */
  private record Held(
      long fullAt, ConcurrentHashMap<String, Bucket> buckets, String key, Bucket bucket) {}

  /**
   * One bucket. Tokens are counted in units of 1/period(ns) of a token, so {@code e} nanoseconds
   * add exactly {@code e * refillTokens} units: no rounding, ever.
   */
  private static final class Bucket {
    private long tokens;
    private long refilledAt;
    private long fullAt = Long.MAX_VALUE;
    private boolean started;
    private boolean dropped;

    synchronized Decision take(long now, Limit limit) {
      if (dropped) {
        return null;
      }
      long period = limit.period().toNanos();
      long full = limit.capacity() * period;
      long refill = limit.refillTokens();
      if (!started || tokens > full) {
        started = true;
        tokens = full;
        refilledAt = now;
      } else if (now > refilledAt) {
        long elapsed = now - refilledAt;
        // Compare before multiplying: the product may not fit, the comparison always does.
        tokens = elapsed >= Math.ceilDiv(full - tokens, refill) ? full : tokens + elapsed * refill;
        refilledAt = now;
      }
      // A wall clock stepped back leaves refilledAt ahead of now: nothing is refilled until it
      // catches up.
      long wait = refilledAt - now;
      boolean allowed = tokens >= period;
      if (allowed) {
        tokens -= period;
      }
      long untilFull = wait + Math.ceilDiv(full - tokens, refill);
      fullAt = now + untilFull;
      long retryAfter = allowed ? 0 : wait + Math.ceilDiv(period - tokens, refill);
      return new Decision(
          allowed,
          limit.capacity(),
          tokens / period,
          Duration.ofNanos(untilFull),
          Duration.ofNanos(retryAfter));
    }

    synchronized long fullAt() {
      return fullAt;
    }

    /**
     * Removes this bucket if it is full by {@code now}; done under its lock so no token is taken
     * from it meanwhile.
     */
    synchronized void dropIfFull(
        long now, Map<String, Bucket> buckets, String key, AtomicInteger size) {
      if (fullAt <= now) {
        drop(buckets, key, size);
      }
    }

    synchronized boolean drop(Map<String, Bucket> buckets, String key, AtomicInteger size) {
      if (dropped) {
        return false;
      }
      dropped = true;
      if (buckets.remove(key, this)) {
        size.decrementAndGet();
      }
      return true;
    }
  }
}
