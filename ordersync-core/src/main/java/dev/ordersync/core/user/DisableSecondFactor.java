package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;
import java.util.Map;

/**
 * The user turns their second factor off, proving their password again (a stolen session alone must
 * not weaken the account): its secret and recovery codes are deleted, and the user is emailed that
 * it happened. Turning off a second factor that is not on changes nothing.
 */
public final class DisableSecondFactor {
  private final Users users;
  private final PasswordHasher hasher;
  private final SecurityEvents events;
  private final AccountAlerts alerts;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public DisableSecondFactor(
      Users users,
      PasswordHasher hasher,
      SecurityEvents events,
      AccountAlerts alerts,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.users = users;
    this.hasher = hasher;
    this.events = events;
    this.alerts = alerts;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * Refuses a caller who may not do this (401, 403), as {@link #handle} would, before the request's
   * input is read or validated.
   */
  public void authorize(Caller caller) {
    UserAccess.require(caller);
  }

  /**
   * @return whether it was on and is now off
   */
  public boolean handle(Caller caller, String password) {
    UserAccess.SignedInUser me = UserAccess.require(caller);
    User user = users.byId(me.userId()).orElseThrow(() -> new DomainException.NotFound("user"));
    if (!hasher.matches(password == null ? "" : password, user.passwordHash())) {
      throw new DomainException.RuleViolated("wrong_password", "the password is wrong");
    }
    return unitOfWork.run(
        () -> {
          boolean on = users.secondFactor(user.id()).map(Users.SecondFactor::enabled).orElse(false);
          if (!on) {
            return false;
          }
          users.disableSecondFactor(user.id());
          events.record("mfa_disabled", user.id(), me.sessionId(), Map.of());
          alerts.secondFactorDisabled(user, clock.instant());
          return true;
        });
  }
}
