package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The owner adds a category; without a position it goes after the last one. */
public final class CreateMenuCategory {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public CreateMenuCategory(Menus menus, StaffAccess access, UnitOfWork unitOfWork, Clock clock) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * @param name kept stripped
   * @param position 0 to 10000, or null for after the last category
   */
  public record Command(String name, Integer position) {
    public Command {
      List<FieldError> errors = new ArrayList<>();
      name = MenuRules.name(name, errors);
      if (position != null && (position < 0 || position > 10_000)) {
        errors.add(new FieldError("position", "must be between 0 and 10000"));
      }
      DomainException.Invalid.throwIfAny(errors);
    }
  }

  /**
   * Refuses a caller who may not add a category, exactly as {@link #handle} would (401, 403, or 404
   * for what is not theirs), before the request's input is read or validated; raises no tenant
   * wall.
   */
  public void authorize(Caller caller) {
    unitOfWork.run(() -> access.checkOwner(caller));
  }

  public MenuCategory handle(Caller caller, Command command) {
    return unitOfWork.run(
        () -> {
          var restaurantId = access.requireOwner(caller);
          int position =
              command.position() != null
                  ? command.position()
                  : menus.categories(restaurantId).stream()
                      .mapToInt(c -> c.position() + 1)
                      .max()
                      .orElse(0);
          MenuCategory category =
              new MenuCategory(Ids.newId(clock), restaurantId, command.name(), position);
          menus.addCategory(category);
          return category;
        });
  }
}
