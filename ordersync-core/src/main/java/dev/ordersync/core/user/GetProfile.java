package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import java.util.List;

/** Reads the signed-in user's own account, memberships and whether a second factor is on. */
public final class GetProfile {
  private final Users users;

  public GetProfile(Users users) {
    this.users = users;
  }

  public record Profile(User user, List<Membership> memberships, boolean secondFactorEnabled) {}

  public Profile handle(Caller caller) {
    if (!(caller instanceof Caller.SignedIn signedIn)) {
      throw new DomainException.Unauthenticated("unauthenticated", "sign in to read your profile");
    }
    User user =
        users.byId(signedIn.userId()).orElseThrow(() -> new DomainException.NotFound("user"));
    boolean secondFactor =
        users.secondFactor(user.id()).map(Users.SecondFactor::enabled).orElse(false);
    return new Profile(user, users.memberships(user.id()), secondFactor);
  }
}
