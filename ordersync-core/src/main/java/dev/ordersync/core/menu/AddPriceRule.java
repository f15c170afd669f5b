package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The owner adds a price rule (happy hour, lunch set). Orders already placed keep the price they
 * were charged.
 */
public final class AddPriceRule {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public AddPriceRule(Menus menus, StaffAccess access, UnitOfWork unitOfWork, Clock clock) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * A rule; {@code days} empty means every day, {@code itemIds} and {@code categoryIds} both empty
   * mean every item. {@code to} not after {@code from} runs past midnight. The name is kept
   * stripped.
   */
  public record Command(
      String name,
      PriceRule.Kind kind,
      long value,
      Set<DayOfWeek> days,
      LocalTime from,
      LocalTime to,
      int priority,
      Set<UUID> itemIds,
      Set<UUID> categoryIds) {
    public Command {
      List<FieldError> errors = new ArrayList<>();
      name = check(name, kind, value, from, to, priority, errors);
      DomainException.Invalid.throwIfAny(errors);
      days = days == null || days.isEmpty() ? Set.of(DayOfWeek.values()) : Set.copyOf(days);
      itemIds = itemIds == null ? Set.of() : Set.copyOf(itemIds);
      categoryIds = categoryIds == null ? Set.of() : Set.copyOf(categoryIds);
    }

    /**
     * The command from the plain values a client sends, every bad one named: {@code value} is
     * required, {@code priority} null is 0.
     */
    public static Command from(
        String name,
        PriceRule.Kind kind,
        Long value,
        Set<DayOfWeek> days,
        LocalTime from,
        LocalTime to,
        Integer priority,
        Set<UUID> itemIds,
        Set<UUID> categoryIds) {
      int p = priority == null ? 0 : priority;
      List<FieldError> errors = new ArrayList<>();
      check(name, kind, value, from, to, p, errors);
      DomainException.Invalid.throwIfAny(errors);
      return new Command(name, kind, value, days, from, to, p, itemIds, categoryIds);
    }

    private static String check(
        String name,
        PriceRule.Kind kind,
        Long value,
        LocalTime from,
        LocalTime to,
        int priority,
        List<FieldError> errors) {
      String n = MenuRules.name(name, errors);
      if (kind == null) {
        errors.add(new FieldError("kind", "is required: PERCENT_OFF, AMOUNT_OFF or SET_PRICE"));
      }
      if (value == null) {
        errors.add(new FieldError("value", "is required"));
      } else if (kind == PriceRule.Kind.PERCENT_OFF && (value < 1 || value > 100)) {
        errors.add(new FieldError("value", "a percentage is 1 to 100"));
      } else if (value < 0 || value > MenuRules.MAX_PRICE) {
        errors.add(new FieldError("value", "must be 0 to " + MenuRules.MAX_PRICE + " won"));
      }
      if (from == null || to == null) {
        errors.add(new FieldError("from", "from and to are required (local times such as 15:00)"));
      } else if (from.equals(to)) {
        errors.add(new FieldError("to", "must differ from from"));
      }
      if (priority < -1000 || priority > 1000) {
        errors.add(new FieldError("priority", "must be -1000 to 1000"));
      }
      return n;
    }
  }

  /**
   * Refuses a caller who may not add a price rule, exactly as {@link #handle} would (401, 403, or
   * 404 for what is not theirs), before the request's input is read or validated; raises no tenant
   * wall.
   */
  public void authorize(Caller caller) {
    unitOfWork.run(() -> access.checkOwner(caller));
  }

  public PriceRule handle(Caller caller, Command c) {
    Set<UUID> items = c.itemIds();
    Set<UUID> categories = c.categoryIds();
    return unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          if (menus.items(restaurantId, items).size() != items.size()) {
            throw new DomainException.RuleViolated(
                "menu_item_not_found",
                "a rule names an item that is not on this menu",
                new FieldError("item_ids", "has an unknown item"));
          }
          for (UUID category : categories) {
            if (menus.category(restaurantId, category).isEmpty()) {
              throw new DomainException.RuleViolated(
                  "category_not_found",
                  "a rule names a category that is not on this menu",
                  new FieldError("category_ids", "has an unknown category"));
            }
          }
          PriceRule rule =
              new PriceRule(
                  Ids.newId(clock),
                  restaurantId,
                  c.name(),
                  c.kind(),
                  c.value(),
                  c.days(),
                  c.from(),
                  c.to(),
                  c.priority(),
                  items,
                  categories);
          menus.addPriceRule(rule);
          return rule;
        });
  }
}
