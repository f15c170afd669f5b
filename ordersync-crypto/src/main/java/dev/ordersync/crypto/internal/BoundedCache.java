package dev.ordersync.crypto.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small least-recently-used cache bounded by entry count and by age since an entry was loaded.
 * Age counts from the load, not the last use, so an entry that is used all the time is still
 * reloaded after {@code maxAge}: that bound is what lets a change made elsewhere (a subject
 * shredded on another instance) take effect here in bounded time.
 */
public final class BoundedCache<K, V> {
  private record Loaded<V>(V value, Instant loadedAt) {}

  private final int maxEntries;
  private final Duration maxAge;
  private final Clock clock;
  private final LinkedHashMap<K, Loaded<V>> entries;

  public BoundedCache(int maxEntries, Duration maxAge, Clock clock) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must not be negative");
    }
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative");
    }
    this.maxEntries = maxEntries;
    this.maxAge = maxAge;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Loaded<V>> eldest) {
            return super.size() > BoundedCache.this.maxEntries;
          }
        };
  }

  /**
   * The cached value, or the loader's result (cached unless null). The loader runs outside the
   * lock, so a slow store does not block other keys; two threads missing the same key at once may
   * both load it, which is harmless here.
   */
  public V get(K key, Function<K, V> loader) {
    synchronized (this) {
      Loaded<V> e = entries.get(key);
      if (e != null) {
        if (!clock.instant().isAfter(e.loadedAt().plus(maxAge))) {
          return e.value();
        }
        entries.remove(key);
      }
    }
    V loaded = loader.apply(key);
    if (loaded != null && maxEntries > 0) {
      synchronized (this) {
        entries.put(key, new Loaded<>(loaded, clock.instant()));
      }
    }
    return loaded;
  }

  public synchronized void remove(K key) {
    entries.remove(key);
  }

  public synchronized int size() {
    return entries.size();
  }

  @Override
  public String toString() {
    return "BoundedCache[max " + maxEntries + " entries, max age " + maxAge + "]";
  }
}
