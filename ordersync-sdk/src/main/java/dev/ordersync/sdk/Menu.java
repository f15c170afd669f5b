package dev.ordersync.sdk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A restaurant's menu: categories in order, and every listed item at today's price.
 *
 * @param priceRules the price rules: only in the back office's menu ({@link
 *     RestaurantsResource#myMenu()}), empty in the public one
 * @param nextPriceChangeAt when a price rule next starts or ends and changes a price shown (read
 *     the menu again then); null if not within eight days
 */
public record Menu(
    UUID restaurantId,
    List<MenuCategory> categories,
    List<MenuItem> items,
    List<PriceRule> priceRules,
    Instant nextPriceChangeAt) {
  public Menu {
    categories = categories == null ? List.of() : List.copyOf(categories);
    items = items == null ? List.of() : List.copyOf(items);
    priceRules = priceRules == null ? List.of() : List.copyOf(priceRules);
  }
}
