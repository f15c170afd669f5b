package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The user proves the authenticator app works by sending its current code; 2FA is then on, and ten
 * single-use recovery codes are returned, once. Only their hashes are kept.
 */
public final class ConfirmSecondFactor {
  public static final int RECOVERY_CODES = 10;
  private final Users users;
  private final SecretSealer sealer;
  private final SecurityEvents events;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public ConfirmSecondFactor(
      Users users, SecretSealer sealer, SecurityEvents events, UnitOfWork unitOfWork, Clock clock) {
    this.users = users;
    this.sealer = sealer;
    this.events = events;
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

  public List<String> handle(Caller caller, String code) {
    UserAccess.SignedInUser me = UserAccess.require(caller);
    return unitOfWork.run(
        () -> {
          Users.SecondFactor pending =
              users
                  .secondFactor(me.userId())
                  .orElseThrow(
                      () ->
                          new DomainException.Conflict(
                              "mfa_not_enrolled", "start enrolment first"));
          if (pending.enabled()) {
            throw new DomainException.Conflict(
                "mfa_already_enabled", "two-factor authentication is already on");
          }
          byte[] secret = sealer.open(pending.sealedSecret(), TotpContext.of(me.userId()));
          OptionalLong step = Totp.verify(secret, code, clock.instant(), Long.MIN_VALUE);
          if (step.isEmpty()) {
            throw new DomainException.RuleViolated(
                "invalid_code", "the code does not match: check the app's clock");
          }
          List<String> codes = new ArrayList<>(RECOVERY_CODES);
          List<byte[]> hashes = new ArrayList<>(RECOVERY_CODES);
          for (int i = 0; i < RECOVERY_CODES; i++) {
            String c = OpaqueTokens.newRecoveryCode();
            codes.add(c);
            hashes.add(OpaqueTokens.hash(OpaqueTokens.normaliseRecoveryCode(c)));
          }
          users.enableSecondFactor(me.userId(), step.getAsLong(), hashes);
          events.record("mfa_enabled", me.userId(), me.sessionId(), Map.of());
          return codes;
        });
  }
}
