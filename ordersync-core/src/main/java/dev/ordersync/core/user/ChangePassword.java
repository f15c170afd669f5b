package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;
import java.util.Map;

/**
 * The user changes their password, proving the current one; every session of the user ends at once.
 */
public final class ChangePassword {
  private final Users users;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final Sessions sessions;
  private final SecurityEvents events;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public ChangePassword(
      Users users,
      PasswordHasher hasher,
      PasswordPolicy policy,
      Sessions sessions,
      SecurityEvents events,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.policy = policy;
    this.sessions = sessions;
    this.events = events;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  public void handle(Caller caller, String currentPassword, String newPassword) {
    UserAccess.SignedInUser me = UserAccess.require(caller);
    User user = users.byId(me.userId()).orElseThrow(() -> new DomainException.NotFound("user"));
    if (!hasher.matches(currentPassword == null ? "" : currentPassword, user.passwordHash())) {
      throw new DomainException.RuleViolated("wrong_password", "the current password is wrong");
    }
    policy.check(newPassword, "new_password");
    String hash = hasher.hash(newPassword);
    unitOfWork.run(
        () -> {
          users.changePassword(user.id(), hash, clock.instant());
          int ended = sessions.revokeAll(user.id(), "password_changed", clock.instant());
          events.record(
              "password_changed",
              user.id(),
              me.sessionId(),
              Map.of("sessions_ended", Integer.toString(ended)));
          return null;
        });
  }
}
