package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import java.util.List;

/** Reads the signed-in user's own account and memberships. */
public final class GetProfile {
  private final Users users;

  public GetProfile(Users users) {
    this.users = users;
  }

  public record Profile(User user, List<Membership> memberships) {}

  public Profile handle(Caller caller) {
    if (!(caller instanceof Caller.SignedIn signedIn)) {
      throw new DomainException.Unauthenticated("unauthenticated", "sign in to read your profile");
    }
    User user =
        users.byId(signedIn.userId()).orElseThrow(() -> new DomainException.NotFound("user"));
    return new Profile(user, users.memberships(user.id()));
  }
}
