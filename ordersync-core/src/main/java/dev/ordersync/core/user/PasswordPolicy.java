package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;

/**
 * What a password must be (OWASP ASVS 4.0 V2.1): at least 12 characters, at most 128, any characters allowed, no
 * composition rules. Length is counted in Unicode code points.
 */
public final class PasswordPolicy {
  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 128;

  private PasswordPolicy() {}

  public static void check(String password) {
    if (password == null) {
      throw new DomainException.Invalid("password", "is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      throw new DomainException.Invalid("password", "must have at least " + MIN_LENGTH + " characters");
    }
    if (length > MAX_LENGTH) {
      throw new DomainException.Invalid("password", "must have at most " + MAX_LENGTH + " characters");
    }
  }
}
