package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import java.util.UUID;

/** The signed-in user behind a caller, or the refusal for anyone else. */
final class UserAccess {
  private UserAccess() {}

  record SignedInUser(UUID userId, Role role, UUID sessionId) {}

  static SignedInUser require(Caller caller) {
    if (caller instanceof Caller.SignedIn s) {
      return new SignedInUser(s.userId(), s.role(), s.sessionId());
    }
    throw new DomainException.Unauthenticated("unauthenticated", "sign in first");
  }

  static SignedInUser requireAdmin(Caller caller) {
    SignedInUser me = require(caller);
    if (me.role() != Role.ADMIN) {
      throw new DomainException.Forbidden("only an administrator may do this");
    }
    return me;
  }
}
