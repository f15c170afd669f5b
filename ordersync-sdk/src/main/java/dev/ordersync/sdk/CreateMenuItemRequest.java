package dev.ordersync.sdk;

import java.util.Objects;
import java.util.UUID;

/**
 * A new menu item.
 *
 * @param price in won
 * @param categoryId may be null
 * @param description may be null
 * @param available null for the server's default, true
 * @param stock how many can be sold, or null not to count
 */
public record CreateMenuItemRequest(
    String name,
    long price,
    UUID categoryId,
    String description,
    Boolean available,
    Integer stock) {
  public CreateMenuItemRequest {
    Objects.requireNonNull(name, "name");
    if (price < 0) {
      throw new IllegalArgumentException("price must not be negative");
    }
  }

  public CreateMenuItemRequest(String name, long price) {
    this(name, price, null, null, null, null);
  }

  public CreateMenuItemRequest inCategory(UUID categoryId) {
    return new CreateMenuItemRequest(name, price, categoryId, description, available, stock);
  }

  public CreateMenuItemRequest withDescription(String description) {
    return new CreateMenuItemRequest(name, price, categoryId, description, available, stock);
  }

  public CreateMenuItemRequest withStock(Integer stock) {
    return new CreateMenuItemRequest(name, price, categoryId, description, available, stock);
  }
}
