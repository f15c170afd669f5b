package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.util.UUID;

/**
 * The owner deletes a category. Its items stay on the menu, uncategorised: an owner tidying
 * headings does not expect dishes to vanish, nor to have to move each one first.
 */
public final class RemoveMenuCategory {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;

  public RemoveMenuCategory(Menus menus, StaffAccess access, UnitOfWork unitOfWork) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
  }

  public void handle(Caller caller, UUID categoryId) {
    unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          if (!menus.removeCategory(restaurantId, categoryId)) {
            throw new DomainException.NotFound("menu category");
          }
          return null;
        });
  }
}
