package dev.ordersync.core.menu;

import dev.ordersync.core.shared.Won;
import java.time.Instant;
import java.util.UUID;

/**
 * Something a customer can order.
 *
 * @param categoryId may be null
 * @param description may be null
 * @param imageUrl an http(s) URL of a picture, or null
 * @param stock how many are left, or null when the restaurant does not count this item
 */
public record MenuItem(
    UUID id,
    UUID restaurantId,
    UUID categoryId,
    String name,
    String description,
    String imageUrl,
    Won price,
    boolean available,
    Integer stock,
    long version,
    Instant createdAt,
    Instant updatedAt) {
  public static final int MAX_STOCK = 1_000_000;

  public MenuItem {
    if (id == null || restaurantId == null || name == null || price == null) {
      throw new IllegalArgumentException("menu item fields missing");
    }
    if (stock != null && (stock < 0 || stock > MAX_STOCK)) {
      throw new IllegalArgumentException("stock out of range");
    }
  }

  /** Whether it can be ordered now: switched on and not sold out. */
  public boolean orderable() {
    return available && !soldOut();
  }

  /** Whether its counted stock has run out (an uncounted item is never sold out). */
  public boolean soldOut() {
    return stock != null && stock == 0;
  }
}
