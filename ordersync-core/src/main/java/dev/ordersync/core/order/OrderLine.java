package dev.ordersync.core.order;

import dev.ordersync.core.shared.Won;
import java.util.UUID;

/**
 * One line of an order as it was priced when the order was placed: a snapshot, so later menu edits never change it.
 */
public record OrderLine(UUID menuItemId, String name, Won unitPrice, int quantity, Won lineTotal) {
  public static final int MAX_QUANTITY = 99;

  public OrderLine {
    if (quantity < 1 || quantity > MAX_QUANTITY) {
      throw new IllegalArgumentException("quantity must be between 1 and " + MAX_QUANTITY);
    }
    if (!lineTotal.equals(unitPrice.times(quantity))) {
      throw new IllegalArgumentException("line total must be unit price times quantity");
    }
  }

  public static OrderLine of(UUID menuItemId, String name, Won unitPrice, int quantity) {
    return new OrderLine(menuItemId, name, unitPrice, quantity, unitPrice.times(quantity));
  }
}
