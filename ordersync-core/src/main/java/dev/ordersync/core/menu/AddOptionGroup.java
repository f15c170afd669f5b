package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The owner gives an item a group of options (size, toppings) with how many must be chosen. */
public final class AddOptionGroup {
  public static final int MAX_OPTIONS = 30;
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public AddOptionGroup(Menus menus, StaffAccess access, UnitOfWork unitOfWork, Clock clock) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /** One option as the owner writes it; {@code priceDelta} may be negative ("no rice": -500). */
  public record NewOption(String name, Long priceDelta, Boolean available) {}

  public record Command(
      UUID itemId, String name, Integer min, Integer max, List<NewOption> options) {}

  public OptionGroup handle(Caller caller, Command c) {
    List<FieldError> errors = new ArrayList<>();
    String name = MenuRules.name(c.name(), errors);
    List<NewOption> given = c.options() == null ? List.of() : c.options();
    if (given.isEmpty() || given.size() > MAX_OPTIONS) {
      errors.add(new FieldError("options", "give 1 to " + MAX_OPTIONS + " options"));
    }
    int min = c.min() == null ? 0 : c.min();
    int max = c.max() == null ? 1 : c.max();
    if (min < 0 || max < 1 || min > max || max > Math.max(1, given.size())) {
      errors.add(new FieldError("max", "need 0 <= min <= max <= number of options, and max >= 1"));
    }
    List<MenuOption> options = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      NewOption o = given.get(i);
      List<FieldError> optionErrors = new ArrayList<>();
      String optionName = MenuRules.name(o == null ? null : o.name(), optionErrors);
      for (FieldError e : optionErrors) {
        errors.add(new FieldError("options[" + i + "].name", e.message()));
      }
      long delta = o == null || o.priceDelta() == null ? 0 : o.priceDelta();
      if (Math.abs(delta) > MenuOption.MAX_DELTA) {
        errors.add(
            new FieldError(
                "options[" + i + "].price_delta",
                "must be within " + MenuOption.MAX_DELTA + " won"));
        continue;
      }
      if (!optionName.isEmpty() && !names.add(optionName)) {
        errors.add(new FieldError("options[" + i + "].name", "is given twice"));
      }
      options.add(
          new MenuOption(
              Ids.newId(clock),
              optionName,
              delta,
              o == null || o.available() == null || o.available()));
    }
    MenuRules.throwIfAny(errors);
    return unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          menus
              .item(restaurantId, c.itemId())
              .orElseThrow(() -> new DomainException.NotFound("menu item"));
          int position =
              menus
                  .optionGroups(restaurantId, List.of(c.itemId()))
                  .getOrDefault(c.itemId(), List.of())
                  .size();
          OptionGroup group =
              new OptionGroup(
                  Ids.newId(clock), restaurantId, c.itemId(), name, min, max, position, options);
          menus.addOptionGroup(group);
          return group;
        });
  }
}
