package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.util.List;

/** The owner reads the restaurant's price rules, whether or not they apply at this moment. */
public final class ListPriceRules {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;

  public ListPriceRules(Menus menus, StaffAccess access, UnitOfWork unitOfWork) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
  }

  public List<PriceRule> handle(Caller caller) {
    // In a unit of work, so the tenant wall raised by the access check also guards the read.
    return unitOfWork.run(() -> menus.priceRules(access.requireOwner(caller)));
  }
}
