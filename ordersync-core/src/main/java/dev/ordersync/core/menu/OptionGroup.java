package dev.ordersync.core.menu;

import java.util.List;
import java.util.UUID;

/**
 * A set of choices for one item, with how many the customer must pick: size (exactly one: min 1,
 * max 1), toppings (zero to three: min 0, max 3).
 */
public record OptionGroup(
    UUID id,
    UUID restaurantId,
    UUID itemId,
    String name,
    int minChoices,
    int maxChoices,
    int position,
    List<MenuOption> options) {
  public OptionGroup {
    options = List.copyOf(options);
    if (minChoices < 0
        || maxChoices < 1
        || minChoices > maxChoices
        || maxChoices > options.size()) {
      throw new IllegalArgumentException("choices out of range");
    }
  }

  /**
   * The rule in words, for error messages: "choose exactly 1", "choose up to 3", "choose 1 to 2".
   */
  public String rule() {
    if (minChoices == maxChoices) {
      return "choose exactly " + minChoices;
    }
    if (minChoices == 0) {
      return "choose up to " + maxChoices;
    }
    return "choose " + minChoices + " to " + maxChoices;
  }
}
