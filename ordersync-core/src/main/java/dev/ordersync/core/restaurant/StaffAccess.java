package dev.ordersync.core.restaurant;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.Users;
import java.util.UUID;

/**
 * Who may act for a restaurant: a signed-in user whose session names the restaurant and who is
 * still its member with a role that the action allows; for a restaurant that requires it, STAFF
 * must have logged in with a second factor. Membership is read at every call, so removing a member
 * takes effect at once. Once access is granted, the tenant wall is raised for the rest of the unit
 * of work, so storage refuses rows of any other restaurant too.
 */
public final class StaffAccess {
  private final Users users;
  private final Restaurants restaurants;
  private final TenantWall wall;

  public StaffAccess(Users users, Restaurants restaurants, TenantWall wall) {
    this.users = users;
    this.restaurants = restaurants;
    this.wall = wall;
  }

  public StaffAccess(Users users, Restaurants restaurants) {
    this(users, restaurants, TenantWall.none());
  }

  /** The restaurant the caller acts for, if the caller is its OWNER. */
  public UUID requireOwner(Caller caller) {
    return require(caller, true);
  }

  /** The restaurant the caller acts for, if the caller is its OWNER or STAFF. */
  public UUID requireStaff(Caller caller) {
    return require(caller, false);
  }

  /**
   * The restaurant the caller acts for, if the caller is its OWNER, checked as {@link
   * #requireOwner} checks it but without raising the tenant wall: for refusing a caller before the
   * request's input is read or validated (authorisation before validation).
   */
  public UUID checkOwner(Caller caller) {
    return restaurantOf(caller, true);
  }

  /** As {@link #checkOwner}, for OWNER or STAFF. */
  public UUID checkStaff(Caller caller) {
    return restaurantOf(caller, false);
  }

  /** Whether the caller may see and handle this restaurant's orders. */
  public boolean isStaffOf(Caller caller, UUID restaurantId) {
    if (caller instanceof Caller.SignedIn s && restaurantId.equals(s.restaurantId())) {
      try {
        require(caller, false);
        return true;
      } catch (DomainException e) {
        return false;
      }
    }
    return false;
  }

  private UUID require(Caller caller, boolean ownerOnly) {
    UUID restaurantId = restaurantOf(caller, ownerOnly);
    wall.enter(restaurantId);
    return restaurantId;
  }

  /** The one place that says who may act for a restaurant. */
  private UUID restaurantOf(Caller caller, boolean ownerOnly) {
    if (!(caller instanceof Caller.SignedIn signedIn)) {
      throw new DomainException.Unauthenticated(
          "unauthenticated", "sign in as the restaurant's owner or staff");
    }
    if (signedIn.role() != Role.OWNER && signedIn.role() != Role.STAFF) {
      throw new DomainException.Forbidden("only a restaurant's owner or staff may do this");
    }
    UUID restaurantId =
        signedIn
            .restaurant()
            .orElseThrow(
                () ->
                    new DomainException.Forbidden(
                        "this session acts for no restaurant: log in again with restaurant_id"));
    Membership membership =
        users
            .membership(signedIn.userId(), restaurantId)
            .orElseThrow(
                () ->
                    new DomainException.Forbidden("you are no longer a member of this restaurant"));
    if (ownerOnly && membership.role() != Role.OWNER) {
      throw new DomainException.Forbidden("only the restaurant's owner may do this");
    }
    if (membership.role() == Role.STAFF && !signedIn.secondFactor()) {
      boolean required =
          restaurants.byId(restaurantId).map(Restaurant::requireStaffSecondFactor).orElse(false);
      if (required) {
        throw new DomainException.Forbidden(
            "mfa_required",
            "this restaurant requires staff to log in with two-factor authentication");
      }
    }
    return restaurantId;
  }
}
