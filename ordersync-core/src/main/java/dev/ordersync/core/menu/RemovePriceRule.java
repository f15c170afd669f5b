package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.util.UUID;

/** The owner ends a price rule. */
public final class RemovePriceRule {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;

  public RemovePriceRule(Menus menus, StaffAccess access, UnitOfWork unitOfWork) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
  }

  public void handle(Caller caller, UUID ruleId) {
    unitOfWork.run(
        () -> {
          if (!menus.removePriceRule(access.requireOwner(caller), ruleId)) {
            throw new DomainException.NotFound("price rule");
          }
          return null;
        });
  }
}
