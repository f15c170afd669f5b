package dev.ordersync.core.menu;

import java.util.UUID;

/**
 * One choice in an option group ("Large", "Extra cheese"), with what it adds to (or takes off) the
 * item's price.
 */
public record MenuOption(UUID id, String name, long priceDelta, boolean available) {
  public static final long MAX_DELTA = 1_000_000;

  public MenuOption {
    if (id == null || name == null) {
      throw new IllegalArgumentException("option fields missing");
    }
    if (Math.abs(priceDelta) > MAX_DELTA) {
      throw new IllegalArgumentException("price change out of range");
    }
  }
}
