package dev.ordersync.core.analytics;

import java.util.Locale;

/** The size of one point of an analytics series, and how many days one request may cover. */
public enum Granularity {
  HOUR(31),
  DAY(366),
  WEEK(366);

  private final int maxDays;

  Granularity(int maxDays) {
    this.maxDays = maxDays;
  }

  /** The longest range, in days (both ends included), one request may ask for at this size. */
  public int maxDays() {
    return maxDays;
  }

  /** {@code hour}, {@code day} or {@code week} (any case); null for anything else. */
  public static Granularity parse(String text) {
    if (text == null) {
      return null;
    }
    for (Granularity g : values()) {
      if (g.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
        return g;
      }
    }
    return null;
  }
}
