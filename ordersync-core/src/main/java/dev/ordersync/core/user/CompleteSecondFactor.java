package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The second step of a login with 2FA: a TOTP code (each good once) or one of the recovery codes
 * (each good once) opens the session. The adapter has already checked the short-lived token from
 * the first step.
 */
public final class CompleteSecondFactor {
  private final Users users;
  private final SecretSealer sealer;
  private final SessionStarter starter;
  private final SecurityEvents events;
  private final UnitOfWork unitOfWork;
  private final Clock clock;
  private final LoginWatch watch;

  /**
   * @param knownDevices where the account logged in from before
   * @param alerts told of a login from a device and address the account never used
   */
  public CompleteSecondFactor(
      Users users,
      SecretSealer sealer,
      Sessions sessions,
      SecurityEvents events,
      KnownDevices knownDevices,
      AccountAlerts alerts,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.users = users;
    this.sealer = sealer;
    this.starter = new SessionStarter(sessions, clock);
    this.events = events;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
    this.watch = new LoginWatch(knownDevices, alerts, clock);
  }

  public CompleteSecondFactor(
      Users users,
      SecretSealer sealer,
      Sessions sessions,
      SecurityEvents events,
      UnitOfWork unitOfWork,
      Clock clock) {
    this(
        users,
        sealer,
        sessions,
        events,
        KnownDevices.none(),
        AccountAlerts.none(),
        unitOfWork,
        clock);
  }

  /** {@code place}: where the login comes from (the password step's device), or unknown. */
  public record Command(UUID userId, UUID restaurantId, String code, LoginPlace place) {
    public Command {
      place = place == null ? LoginPlace.UNKNOWN : place;
    }

    public Command(UUID userId, UUID restaurantId, String code) {
      this(userId, restaurantId, code, LoginPlace.UNKNOWN);
    }
  }

  public LogIn.Outcome.SignedIn handle(Command command) {
    return unitOfWork.run(
        () -> {
          User user =
              users.byId(command.userId()).filter(u -> !u.erased()).orElseThrow(LogIn::invalid);
          Users.SecondFactor factor =
              users
                  .secondFactor(user.id())
                  .filter(Users.SecondFactor::enabled)
                  .orElseThrow(LogIn::invalid);
          String code = command.code() == null ? "" : command.code().strip();
          boolean passed = false;
          if (code.matches("\\d{" + Totp.DIGITS + "}")) {
            byte[] secret = sealer.open(factor.sealedSecret(), TotpContext.of(user.id()));
            OptionalLong step = Totp.verify(secret, code, clock.instant(), factor.lastUsedStep());
            passed = step.isPresent() && users.useTotpStep(user.id(), step.getAsLong());
          } else if (!code.isEmpty()) {
            passed =
                users.useRecoveryCode(
                    user.id(), OpaqueTokens.hash(OpaqueTokens.normaliseRecoveryCode(code)));
            if (passed) {
              events.record(
                  "recovery_code_used",
                  user.id(),
                  null,
                  java.util.Map.of("left", Integer.toString(users.recoveryCodesLeft(user.id()))));
            }
          }
          if (!passed) {
            throw new DomainException.Unauthenticated(
                "invalid_code", "the code is wrong, expired or already used");
          }
          SessionStarter.Started started = starter.start(user.id(), command.restaurantId(), true);
          watch.loggedIn(user, command.place(), started.session().id());
          return new LogIn.Outcome.SignedIn(user, started.session(), started.refreshToken());
        });
  }
}
