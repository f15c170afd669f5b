package dev.ordersync.core.shared;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * UUIDv7 (RFC 9562) identifiers: 48 bits of Unix milliseconds, then random bits, so ids sort by
 * creation time and B-tree inserts stay at the right edge of the index.
 *
 * <p>Within one millisecond the 12-bit {@code rand_a} field is used as a counter (RFC 9562, method
 * 1), so ids made by one process are strictly increasing even when many are made in the same
 * millisecond.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static long lastMillis = -1;
  private static int counter;

  private Ids() {}

  public static UUID newId() {
    return newId(Clock.systemUTC());
  }

  public static UUID newId(Clock clock) {
    long millis = clock.millis();
    int seq;
    LOCK.lock();
    try {
      if (millis <= lastMillis) {
        millis = lastMillis;
        counter++;
        if (counter > 0xFFF) {
          millis = ++lastMillis;
          counter = 0;
        }
      } else {
        lastMillis = millis;
        counter = RANDOM.nextInt(0x800);
      }
      seq = counter;
    } finally {
      LOCK.unlock();
    }
    long msb = (millis << 16) | 0x7000L | seq;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /**
   * Parses a UUID in its canonical 36-character form; anything else is an {@link
   * IllegalArgumentException}.
   */
  public static UUID parse(String text) {
    if (text == null || text.length() != 36) {
      throw new IllegalArgumentException("not a UUID: " + text);
    }
    return UUID.fromString(text);
  }
}
