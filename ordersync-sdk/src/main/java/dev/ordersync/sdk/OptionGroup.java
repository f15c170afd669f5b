package dev.ordersync.sdk;

import java.util.List;
import java.util.UUID;

/**
 * A choice offered with a menu item ("Size", "Extras"): the customer picks between {@code min} and
 * {@code max} of its options for each order line.
 */
public record OptionGroup(
    UUID id, UUID itemId, String name, int min, int max, List<OptionGroup.Option> options) {
  public OptionGroup {
    options = options == null ? List.of() : List.copyOf(options);
  }

  /**
   * One option of a group.
   *
   * @param priceDelta added to the item's price, in won (may be negative)
   */
  public record Option(UUID id, String name, long priceDelta, boolean available) {}
}
