package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;

/**
 * A signed-in user starts TOTP enrolment: a new 160-bit secret is made and stored sealed, and the
 * {@code otpauth://} URI for an authenticator app is returned. Nothing changes for logins until the
 * user confirms with a first code.
 */
public final class EnrollSecondFactor {
  public static final String ISSUER = "OrderSync";
  private final Users users;
  private final SecretSealer sealer;
  private final UnitOfWork unitOfWork;

  public EnrollSecondFactor(Users users, SecretSealer sealer, UnitOfWork unitOfWork) {
    this.users = users;
    this.sealer = sealer;
    this.unitOfWork = unitOfWork;
  }

  /** The secret in base32 (for typing in) and the URI (for a QR code). */
  public record Enrollment(String secret, String uri) {}

  /**
   * Refuses a caller who may not do this (401, 403), as {@link #handle} would, before the request's
   * input is read or validated.
   */
  public void authorize(Caller caller) {
    UserAccess.require(caller);
  }

  public Enrollment handle(Caller caller) {
    UserAccess.SignedInUser me = UserAccess.require(caller);
    return unitOfWork.run(
        () -> {
          User user =
              users.byId(me.userId()).orElseThrow(() -> new DomainException.NotFound("user"));
          if (users.secondFactor(user.id()).map(Users.SecondFactor::enabled).orElse(false)) {
            throw new DomainException.Conflict(
                "mfa_already_enabled", "two-factor authentication is already on");
          }
          byte[] secret = OpaqueTokens.randomBytes(Totp.SECRET_BYTES);
          users.saveSecondFactorSecret(user.id(), sealer.seal(secret, TotpContext.of(user.id())));
          return new Enrollment(
              Totp.Base32.encode(secret), Totp.uri(ISSUER, user.email().value(), secret));
        });
  }
}
