package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.util.UUID;

/** The owner takes an item off the menu. Past orders keep their snapshot of it. */
public final class RemoveMenuItem {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;

  public RemoveMenuItem(Menus menus, StaffAccess access, UnitOfWork unitOfWork) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
  }

  public void handle(Caller caller, UUID itemId) {
    unitOfWork.run(
        () -> {
          UUID restaurantId = access.requireOwner(caller);
          if (!menus.removeItem(restaurantId, itemId)) {
            throw new DomainException.NotFound("menu item");
          }
          return null;
        });
  }
}
