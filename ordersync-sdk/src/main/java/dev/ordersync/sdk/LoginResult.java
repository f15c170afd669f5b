package dev.ordersync.sdk;

import java.util.Objects;
import java.util.Optional;

/**
 * What a login with a correct password gives: tokens, or (the account has a second factor) a
 * short-lived {@code mfaToken} to send with the app's code to {@link
 * AuthResource#completeLogin(String, String)}. Never tokens without an access token.
 *
 * <pre>{@code
 * LoginResult result = client.auth().login(email, password, restaurantId);
 * Tokens tokens = result instanceof LoginResult.SecondFactorRequired mfa
 *     ? client.auth().completeLogin(mfa.mfaToken(), askForCode())
 *     : ((LoginResult.Authenticated) result).tokens();
 * }</pre>
 */
public sealed interface LoginResult {
  /**
   * The tokens of a complete login, or empty when a second factor is required: {@code
   * login(...).authenticated().orElseThrow()} for an account known to have none.
   */
  default Optional<Tokens> authenticated() {
    return this instanceof Authenticated a ? Optional.of(a.tokens()) : Optional.empty();
  }

  /** The login is complete. */
  record Authenticated(Tokens tokens) implements LoginResult {
    public Authenticated {
      Objects.requireNonNull(tokens, "tokens");
    }
  }

  /**
   * The password was right and the account has a second factor: send {@code mfaToken} with the
   * authenticator app's 6 digits (or a recovery code) within {@code expiresIn} seconds.
   */
  record SecondFactorRequired(String mfaToken, long expiresIn) implements LoginResult {
    public SecondFactorRequired {
      Objects.requireNonNull(mfaToken, "mfaToken");
    }

    @Override
    public String toString() {
      return "SecondFactorRequired[mfaToken=<redacted>, expiresIn=" + expiresIn + "]";
    }
  }
}
