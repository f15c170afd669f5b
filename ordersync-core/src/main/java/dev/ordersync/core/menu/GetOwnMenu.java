package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;

/**
 * The menu of the restaurant the caller acts for, as its back office reads it (owner or staff): the
 * same listing as customers get, read behind the tenant wall, with the price rules.
 */
public final class GetOwnMenu {
  private final GetMenu getMenu;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;

  public GetOwnMenu(GetMenu getMenu, StaffAccess access, UnitOfWork unitOfWork) {
    this.getMenu = getMenu;
    this.access = access;
    this.unitOfWork = unitOfWork;
  }

  public GetMenu.Menu handle(Caller caller) {
    return unitOfWork.run(() -> getMenu.handle(access.requireStaff(caller)));
  }
}
