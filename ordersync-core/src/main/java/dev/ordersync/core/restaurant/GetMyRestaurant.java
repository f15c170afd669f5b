package dev.ordersync.core.restaurant;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;

/** The owner or staff reads the restaurant they act for, settings included. */
public final class GetMyRestaurant {
  private final Restaurants restaurants;
  private final StaffAccess access;
  private final UnitOfWork unitOfWork;

  public GetMyRestaurant(Restaurants restaurants, StaffAccess access, UnitOfWork unitOfWork) {
    this.restaurants = restaurants;
    this.access = access;
    this.unitOfWork = unitOfWork;
  }

  public Restaurant handle(Caller caller) {
    // In a unit of work, so the tenant wall raised by the access check also guards the read.
    return unitOfWork.run(
        () ->
            restaurants
                .byId(access.requireStaff(caller))
                .orElseThrow(() -> new DomainException.NotFound("restaurant")));
  }
}
