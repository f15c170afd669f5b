package dev.ordersync.core.menu;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import java.util.UUID;

/**
 * The owner removes an option group; orders already placed keep the options they were placed with.
 */
public final class RemoveOptionGroup {
  private final Menus menus;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;

  public RemoveOptionGroup(Menus menus, StaffAccess access, UnitOfWork unitOfWork) {
    this.menus = menus;
    this.access = access;
    this.unitOfWork = unitOfWork;
  }

  public void handle(Caller caller, UUID groupId) {
    unitOfWork.run(
        () -> {
          if (!menus.removeOptionGroup(access.requireOwner(caller), groupId)) {
            throw new DomainException.NotFound("option group");
          }
          return null;
        });
  }
}
