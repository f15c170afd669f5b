package dev.ordersync.core.order;

import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.MenuOption;
import dev.ordersync.core.menu.OptionGroup;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Checks the options chosen for one ordered item against its option groups, and snapshots them. */
final class OptionChoice {
  private OptionChoice() {}

  static List<OrderLine.ChosenOption> check(
      MenuItem item, List<OptionGroup> groups, List<UUID> chosen, String field) {
    Map<UUID, OptionGroup> groupOf = new HashMap<>();
    Map<UUID, MenuOption> optionOf = new HashMap<>();
    for (OptionGroup g : groups) {
      for (MenuOption o : g.options()) {
        groupOf.put(o.id(), g);
        optionOf.put(o.id(), o);
      }
    }
    Set<UUID> seen = new HashSet<>();
    Map<UUID, Integer> perGroup = new HashMap<>();
    List<OrderLine.ChosenOption> snapshot = new ArrayList<>();
    for (UUID id : chosen) {
      MenuOption option = optionOf.get(id);
      if (option == null) {
        throw new DomainException.RuleViolated(
            "option_not_found",
            item.name() + " has no such option",
            new FieldError(field, "has an option not offered"));
      }
      if (!seen.add(id)) {
        throw new DomainException.RuleViolated(
            "options_invalid",
            option.name() + " is chosen twice",
            new FieldError(field, "an option is chosen twice"));
      }
      if (!option.available()) {
        throw new DomainException.RuleViolated(
            "option_unavailable",
            option.name() + " is not available right now",
            new FieldError(field, option.name() + " is not available"));
      }
      OptionGroup group = groupOf.get(id);
      perGroup.merge(group.id(), 1, Integer::sum);
      snapshot.add(
          new OrderLine.ChosenOption(id, group.name(), option.name(), option.priceDelta()));
    }
    List<FieldError> errors = new ArrayList<>();
    for (OptionGroup g : groups) {
      int n = perGroup.getOrDefault(g.id(), 0);
      if (n < g.minChoices() || n > g.maxChoices()) {
        errors.add(new FieldError(field, g.name() + ": " + g.rule() + " (chosen " + n + ")"));
      }
    }
    if (!errors.isEmpty()) {
      throw new DomainException.RuleViolated(
          "options_invalid",
          "the options chosen for " + item.name() + " do not fit its option groups",
          errors,
          Map.of());
    }
    return snapshot;
  }
}
