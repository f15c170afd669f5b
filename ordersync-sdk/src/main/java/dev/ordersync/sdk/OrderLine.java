package dev.ordersync.sdk;

import java.util.List;
import java.util.UUID;

/**
 * One line of an order as the server priced it when the order was placed; later menu changes never
 * alter it.
 *
 * @param basePrice the item's own price then, in won
 * @param options the options chosen, with their price deltas
 * @param priceRule the price rule applied, or null
 * @param unitPrice what one cost, in won: after the rule, options included
 * @param lineTotal in won: {@code unitPrice * quantity}
 */
public record OrderLine(
    UUID menuItemId,
    String name,
    long basePrice,
    List<OrderLine.ChosenOption> options,
    MenuItem.RuleRef priceRule,
    long unitPrice,
    int quantity,
    long lineTotal) {
  public OrderLine {
    options = options == null ? List.of() : List.copyOf(options);
  }

  /** An option as chosen: its group's name and its own, and what it added. */
  public record ChosenOption(UUID optionId, String group, String name, long priceDelta) {}
}
