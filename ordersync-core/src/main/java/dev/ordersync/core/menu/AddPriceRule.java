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
   * {@code days} empty means every day; {@code itemIds} and {@code categoryIds} both empty mean
   * every item.
   */
  public record Command(
      String name,
      PriceRule.Kind kind,
      Long value,
      Set<DayOfWeek> days,
      LocalTime from,
      LocalTime to,
      Integer priority,
      Set<UUID> itemIds,
      Set<UUID> categoryIds) {}

  public PriceRule handle(Caller caller, Command c) {
    List<FieldError> errors = new ArrayList<>();
    String name = MenuRules.name(c.name(), errors);
    if (c.kind() == null) {
      errors.add(new FieldError("kind", "is required: PERCENT_OFF, AMOUNT_OFF or SET_PRICE"));
    }
    if (c.value() == null) {
      errors.add(new FieldError("value", "is required"));
    } else if (c.kind() == PriceRule.Kind.PERCENT_OFF && (c.value() < 1 || c.value() > 100)) {
      errors.add(new FieldError("value", "a percentage is 1 to 100"));
    } else if (c.value() < 0 || c.value() > MenuRules.MAX_PRICE) {
      errors.add(new FieldError("value", "must be 0 to " + MenuRules.MAX_PRICE + " won"));
    }
    if (c.from() == null || c.to() == null) {
      errors.add(new FieldError("from", "from and to are required (local times such as 15:00)"));
    } else if (c.from().equals(c.to())) {
      errors.add(new FieldError("to", "must differ from from"));
    }
    int priority = c.priority() == null ? 0 : c.priority();
    if (priority < -1000 || priority > 1000) {
      errors.add(new FieldError("priority", "must be -1000 to 1000"));
    }
    MenuRules.throwIfAny(errors);
    Set<DayOfWeek> days =
        c.days() == null || c.days().isEmpty() ? Set.of(DayOfWeek.values()) : c.days();
    Set<UUID> items = c.itemIds() == null ? Set.of() : c.itemIds();
    Set<UUID> categories = c.categoryIds() == null ? Set.of() : c.categoryIds();
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
                  name,
                  c.kind(),
                  c.value(),
                  days,
                  c.from(),
                  c.to(),
                  priority,
                  items,
                  categories);
          menus.addPriceRule(rule);
          return rule;
        });
  }
}
