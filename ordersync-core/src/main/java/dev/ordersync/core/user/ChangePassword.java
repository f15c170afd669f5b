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
  private final AccountAlerts alerts;

  /**
   * @param alerts tells the user by email that their password was changed
   */
  public ChangePassword(
      Users users,
      PasswordHasher hasher,
      PasswordPolicy policy,
      Sessions sessions,
      SecurityEvents events,
      AccountAlerts alerts,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.policy = policy;
    this.sessions = sessions;
    this.events = events;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
    this.alerts = alerts;
  }

  public ChangePassword(
      Users users,
      PasswordHasher hasher,
      PasswordPolicy policy,
      Sessions sessions,
      SecurityEvents events,
      UnitOfWork unitOfWork,
      Clock clock) {
    this(users, hasher, policy, sessions, events, AccountAlerts.none(), unitOfWork, clock);
  }

  /**
   * The password the user has now and the one they want; the new one meets the password policy,
   * checked only once the current one is proven.
   */
  public record Command(String currentPassword, String newPassword) {}

  /**
   * Refuses a caller who may not do this (401, 403), as {@link #handle} would, before the request's
   * input is read or validated.
   */
  public void authorize(Caller caller) {
    UserAccess.require(caller);
  }

  public void handle(Caller caller, Command command) {
    UserAccess.SignedInUser me = UserAccess.require(caller);
    User user = users.byId(me.userId()).orElseThrow(() -> new DomainException.NotFound("user"));
    String current = command.currentPassword() == null ? "" : command.currentPassword();
    if (!hasher.matches(current, user.passwordHash())) {
      throw new DomainException.RuleViolated("wrong_password", "the current password is wrong");
    }
    policy.check(command.newPassword(), "new_password");
    String hash = hasher.hash(command.newPassword());
    unitOfWork.run(
        () -> {
          users.changePassword(user.id(), hash, clock.instant());
          int ended = sessions.revokeAll(user.id(), "password_changed", clock.instant());
          events.record(
              "password_changed",
              user.id(),
              me.sessionId(),
              Map.of("sessions_ended", Integer.toString(ended)));
          alerts.passwordChanged(user, clock.instant());
          return null;
        });
  }
}
