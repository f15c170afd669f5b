package dev.ordersync.sdk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Something a customer can order.
 *
 * @param categoryId may be null
 * @param description may be null
 * @param imageUrl may be null
 * @param price what it costs now, in won, after any price rule
 * @param basePrice its own price, in won, before price rules
 * @param priceRule the rule that sets {@code price} now, or null
 * @param stock how many are left, or null when the restaurant does not count this item
 * @param soldOut true when the stock is counted and none is left
 * @param optionGroups the choices offered with it (size, extras), in order
 * @param updatedAt may be null in older answers
 */
public record MenuItem(
    UUID id,
    UUID categoryId,
    String name,
    String description,
    String imageUrl,
    long price,
    long basePrice,
    RuleRef priceRule,
    boolean available,
    Integer stock,
    boolean soldOut,
    List<OptionGroup> optionGroups,
    long version,
    Instant updatedAt) {
  public MenuItem {
    optionGroups = optionGroups == null ? List.of() : List.copyOf(optionGroups);
  }

  /** A price rule, named. */
  public record RuleRef(UUID id, String name) {}

  /** Whether a customer can order it now: listed and not sold out. */
  public boolean orderable() {
    return available && !soldOut;
  }
}
