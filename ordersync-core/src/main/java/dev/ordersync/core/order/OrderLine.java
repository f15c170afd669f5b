package dev.ordersync.core.order;

import dev.ordersync.core.shared.Won;
import java.util.List;
import java.util.UUID;

/**
 * One line of an order as it was priced when the order was placed: a snapshot, so later menu edits
 * never change it.
 *
 * @param basePrice the item's menu price at the time
 * @param options the options chosen, with the price change each made
 * @param priceRuleId the price rule that set the price, or null
 * @param priceRuleName its name at the time, or null
 * @param unitPrice what one costs: the base price after the rule, plus the options
 */
public record OrderLine(
    UUID menuItemId,
    String name,
    Won basePrice,
    List<ChosenOption> options,
    UUID priceRuleId,
    String priceRuleName,
    Won unitPrice,
    int quantity,
    Won lineTotal) {
  public static final int MAX_QUANTITY = 99;

  /** An option as chosen and charged. */
  public record ChosenOption(UUID optionId, String group, String name, long priceDelta) {}

  public OrderLine {
    options = List.copyOf(options);
    if (quantity < 1 || quantity > MAX_QUANTITY) {
      throw new IllegalArgumentException("quantity must be between 1 and " + MAX_QUANTITY);
    }
    if (!lineTotal.equals(unitPrice.times(quantity))) {
      throw new IllegalArgumentException("line total must be unit price times quantity");
    }
  }

  public OrderLine(UUID menuItemId, String name, Won unitPrice, int quantity, Won lineTotal) {
    this(menuItemId, name, unitPrice, List.of(), null, null, unitPrice, quantity, lineTotal);
  }

  public static OrderLine of(UUID menuItemId, String name, Won unitPrice, int quantity) {
    return new OrderLine(menuItemId, name, unitPrice, quantity, unitPrice.times(quantity));
  }
}
