package dev.ordersync.core.restaurant;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A change of an order that a restaurant may tell its guests of by text message (to guests who gave
 * a phone number and agreed to texts). Each restaurant chooses its own; {@link #DEFAULTS} are
 * accepted and ready.
 */
public enum GuestText {
  /** The restaurant accepted the order (with the time it should be ready). */
  ACCEPTED,
  /** The order is ready. */
  READY,
  /** The restaurant rejected the order (with its reason). */
  REJECTED,
  /** The restaurant cancelled the order it had accepted (with its reason). */
  CANCELED,
  /** Money went back to the guest. */
  REFUNDED;

  /** What a restaurant sends until it chooses otherwise. */
  public static final Set<GuestText> DEFAULTS =
      Collections.unmodifiableSet(EnumSet.of(ACCEPTED, READY));

  /** The name in the API and the database ({@code accepted}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The text of {@link #wireName()} back, or null when it names none. */
  public static GuestText ofWireName(String name) {
    for (GuestText t : values()) {
      if (t.wireName().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** An unmodifiable copy, in declaration order. */
  public static Set<GuestText> copyOf(java.util.Collection<GuestText> texts) {
    return texts.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(texts));
  }
}
