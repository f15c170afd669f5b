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
import java.util.Objects;
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
  public record NewOption(String name, long priceDelta, boolean available) {
    /**
     * An option from the plain values a client sends: no price change and available unless said.
     */
    public static NewOption from(String name, Long priceDelta, Boolean available) {
      return new NewOption(
          name, priceDelta == null ? 0 : priceDelta, available == null || available);
    }
  }

  /**
   * A group of 1 to {@value #MAX_OPTIONS} options of which the customer chooses {@code min} to
   * {@code max}; names are kept stripped.
   */
  public record Command(UUID itemId, String name, int min, int max, List<NewOption> options) {
    public Command {
      Objects.requireNonNull(itemId, "itemId");
      List<FieldError> errors = new ArrayList<>();
      name = MenuRules.name(name, errors);
      List<NewOption> given = options == null ? List.of() : options;
      if (given.isEmpty() || given.size() > MAX_OPTIONS) {
        errors.add(new FieldError("options", "give 1 to " + MAX_OPTIONS + " options"));
      }
      if (min < 0 || max < 1 || min > max || max > Math.max(1, given.size())) {
        errors.add(
            new FieldError("max", "need 0 <= min <= max <= number of options, and max >= 1"));
      }
      options = checked(given, errors);
      DomainException.Invalid.throwIfAny(errors);
    }

    /**
     * The command from the plain values a client sends: {@code min} null is 0 (nothing required),
     * {@code max} null is 1.
     */
    public static Command from(
        UUID itemId, String name, Integer min, Integer max, List<NewOption> options) {
      return new Command(itemId, name, min == null ? 0 : min, max == null ? 1 : max, options);
    }

    private static List<NewOption> checked(List<NewOption> given, List<FieldError> errors) {
      List<NewOption> options = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < given.size(); i++) {
        NewOption o = given.get(i);
        List<FieldError> optionErrors = new ArrayList<>();
        String optionName = MenuRules.name(o == null ? null : o.name(), optionErrors);
        for (FieldError e : optionErrors) {
          errors.add(new FieldError("options[" + i + "].name", e.message()));
        }
        long delta = o == null ? 0 : o.priceDelta();
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
        options.add(new NewOption(optionName, delta, o == null || o.available()));
      }
      return List.copyOf(options);
    }
  }

  /**
   * Refuses a caller who may not add an option group to this item, exactly as {@link #handle} would
   * (401, 403, or 404 for what is not theirs), before the request's input is read or validated;
   * raises no tenant wall.
   */
  public void authorize(Caller caller, UUID itemId) {
    unitOfWork.run(
        () ->
            menus
                .item(access.checkOwner(caller), itemId)
                .orElseThrow(() -> new DomainException.NotFound("menu item")));
  }

  public OptionGroup handle(Caller caller, Command c) {
    List<MenuOption> options =
        c.options().stream()
            .map(o -> new MenuOption(Ids.newId(clock), o.name(), o.priceDelta(), o.available()))
            .toList();
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
                  Ids.newId(clock),
                  restaurantId,
                  c.itemId(),
                  c.name(),
                  c.min(),
                  c.max(),
                  position,
                  options);
          menus.addOptionGroup(group);
          return group;
        });
  }
}
