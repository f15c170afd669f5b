package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import java.util.List;
import java.util.Optional;

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
    Optional<FieldError> length = lengthError(password, field);
    if (length.isPresent()) {
      throw new DomainException.Invalid(List.of(length.get()));
    }
    if (common.isCommon(password)) {
      throw new DomainException.Invalid(
          field, "is too common: it appears in lists of leaked passwords");
    }
  }

  /**
   * What is wrong with the password's presence or length, if anything: the part of the policy a
   * command can check as it is built. Only {@link #check} knows the common passwords.
   */
  public static Optional<FieldError> lengthError(String password, String field) {
    if (password == null) {
      return Optional.of(new FieldError(field, "is required"));
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      return Optional.of(new FieldError(field, "must have at least " + MIN_LENGTH + " characters"));
    }
    if (length > MAX_LENGTH) {
      return Optional.of(new FieldError(field, "must have at most " + MAX_LENGTH + " characters"));
    }
    return Optional.empty();
  }
}
