package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The owner renames a category or moves it; a field left out stays as it is. */
public final class UpdateMenuCategory {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;

  public UpdateMenuCategory(Menus menus, StaffAccess access, UnitOfWork unitOfWork) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
  }

  /**
   * @param name null to keep, else kept stripped
   * @param position null to keep, else 0 to 10000
   */
  public record Command(UUID categoryId, String name, Integer position) {
    public Command {
      Objects.requireNonNull(categoryId, "categoryId");
      List<FieldError> errors = new ArrayList<>();
      name = name == null ? null : MenuRules.name(name, errors);
      if (position != null && (position < 0 || position > 10_000)) {
        errors.add(new FieldError("position", "must be between 0 and 10000"));
      }
      DomainException.Invalid.throwIfAny(errors);
    }
  }

  /**
   * Refuses a caller who may not change this category, exactly as {@link #handle} would (401, 403,
   * or 404 for what is not theirs), before the request's input is read.
   */
  public void authorize(Caller caller, UUID categoryId) {
    unitOfWork.run(
        () ->
            menus
                .category(access.checkOwner(caller), categoryId)
                .orElseThrow(() -> new DomainException.NotFound("menu category")));
  }

  public MenuCategory handle(Caller caller, Command c) {
    return unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          MenuCategory current =
              menus
                  .category(restaurantId, c.categoryId())
                  .orElseThrow(() -> new DomainException.NotFound("menu category"));
          MenuCategory changed =
              new MenuCategory(
                  current.id(),
                  restaurantId,
                  c.name() == null ? current.name() : c.name(),
                  c.position() == null ? current.position() : c.position());
          if (!changed.equals(current)) {
            menus.updateCategory(changed);
          }
          return changed;
        });
  }
}
