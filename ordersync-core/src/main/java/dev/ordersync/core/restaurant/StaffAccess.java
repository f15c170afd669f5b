package dev.ordersync.core.restaurant;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.Users;
import java.util.UUID;

/**
 * Who may act for a restaurant: a signed-in user whose session names the restaurant and who is still its member with a
 * role that the action allows. Membership is read at every call, so removing a member takes effect at once.
 */
public final class StaffAccess {
  private final Users users;

  public StaffAccess(Users users) {
    this.users = users;
  }

  /** The restaurant the caller acts for, if the caller is its OWNER. */
  public UUID requireOwner(Caller caller) {
    return require(caller, true);
  }

  /** The restaurant the caller acts for, if the caller is its OWNER or STAFF. */
  public UUID requireStaff(Caller caller) {
    return require(caller, false);
  }

  /** Whether the caller may see and handle this restaurant's orders. */
  public boolean isStaffOf(Caller caller, UUID restaurantId) {
    if (caller instanceof Caller.SignedIn s && restaurantId.equals(s.restaurantId())) {
      return users.membership(s.userId(), restaurantId).isPresent();
    }
    return false;
  }

  private UUID require(Caller caller, boolean ownerOnly) {
    if (!(caller instanceof Caller.SignedIn signedIn)) {
      throw new DomainException.Unauthenticated("unauthenticated", "sign in as the restaurant's owner or staff");
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
            .orElseThrow(() -> new DomainException.Forbidden("you are no longer a member of this restaurant"));
    if (ownerOnly && membership.role() != Role.OWNER) {
      throw new DomainException.Forbidden("only the restaurant's owner may do this");
    }
    return restaurantId;
  }
}
