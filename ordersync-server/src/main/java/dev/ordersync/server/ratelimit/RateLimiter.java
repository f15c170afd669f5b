package dev.ordersync.server.ratelimit;

import java.time.Duration;

/**
 * Token buckets by key. Each {@code (limit name, key)} pair is one bucket that starts full; a
 * bucket nobody has used for a while is full again, so adapters may forget it.
 */
public interface RateLimiter {
  /** Takes one token from the bucket {@code key} under {@code limit}, if it has one. */
  Decision acquire(String key, Limit limit);

  /** Fills the bucket {@code key} under {@code limit} again (forgets it). */
  void reset(String key, Limit limit);

  /**
   * Remembers {@code key} for {@code ttl} (the login throttle's places where an account has logged
   * in); remembering it again restarts its time. Nothing is remembered by default.
   */
  default void remember(String key, Duration ttl) {}

  /** Whether {@code key} is remembered now. */
  default boolean remembers(String key) {
    return false;
  }

  /** A limiter that allows everything: what failing open looks like. */
  static RateLimiter unlimited() {
    return Unlimited.INSTANCE;
  }

  /** The limiter of {@link #unlimited()}. */
  enum Unlimited implements RateLimiter {
    INSTANCE;

    @Override
    public Decision acquire(String key, Limit limit) {
      return Decision.unlimited(limit);
    }

    @Override
    public void reset(String key, Limit limit) {}
  }
}
