package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;

/**
 * What a password must be (OWASP ASVS 4.0 V2.1): 8 to 128 characters counted in Unicode code
 * points, any characters allowed, no composition rules, and not one of the commonly used passwords.
 */
public final class PasswordPolicy {
  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 128;
  private final CommonPasswords common;

  public PasswordPolicy(CommonPasswords common) {
    this.common = common;
  }

  public void check(String password, String field) {
    if (password == null) {
      throw new DomainException.Invalid(field, "is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      throw new DomainException.Invalid(field, "must have at least " + MIN_LENGTH + " characters");
    }
    if (length > MAX_LENGTH) {
      throw new DomainException.Invalid(field, "must have at most " + MAX_LENGTH + " characters");
    }
    if (common.isCommon(password)) {
      throw new DomainException.Invalid(
          field, "is too common: it appears in lists of leaked passwords");
    }
  }
}
