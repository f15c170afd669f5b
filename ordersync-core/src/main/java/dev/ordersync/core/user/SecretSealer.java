package dev.ordersync.core.user;

/**
 * Encrypts small secrets kept at rest (a TOTP secret) with authenticated encryption, bound to a
 * context such as "users.mfa_secret:&lt;user id&gt;" so a sealed value moved elsewhere does not
 * open.
 */
public interface SecretSealer {
  byte[] seal(byte[] plaintext, String context);

  /**
   * The plaintext; an {@link IllegalStateException} if the value was tampered with or sealed for
   * another context.
   */
  byte[] open(byte[] sealed, String context);
}
