package dev.ordersync.core.shared;

import java.util.List;

/**
 * A typed domain error. Each subclass is one kind of refusal (not found, invalid input, a business
 * rule, a conflict, a permission), and {@link #code()} is the stable machine-readable reason that
 * clients switch on.
 */
public abstract sealed class DomainException extends RuntimeException
    permits DomainException.NotFound,
        DomainException.Invalid,
        DomainException.RuleViolated,
        DomainException.Conflict,
        DomainException.Forbidden,
        DomainException.Unauthenticated,
        DomainException.Unavailable {
  private final String code;
  private final List<FieldError> errors;
  private final java.util.Map<String, Object> details;

  DomainException(String code, String message, List<FieldError> errors) {
    this(code, message, errors, java.util.Map.of());
  }

  DomainException(
      String code, String message, List<FieldError> errors, java.util.Map<String, Object> details) {
    super(message, null, false, false);
    this.code = code;
    this.errors = List.copyOf(errors);
    this.details = java.util.Map.copyOf(details);
  }

  /**
   * Machine-readable facts about the refusal beyond the code (such as when a closed restaurant
   * opens next).
   */
  public java.util.Map<String, Object> details() {
    return details;
  }

  public String code() {
    return code;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** The thing does not exist, or belongs to another tenant (we never confirm which). */
  public static final class NotFound extends DomainException {
    public NotFound(String what) {
      super("not_found", what + " not found", List.of());
    }
  }

  /** The input is well-formed but its values are not acceptable. */
  public static final class Invalid extends DomainException {
    public Invalid(List<FieldError> errors) {
      super("validation_failed", "the request has invalid fields", errors);
    }

    public Invalid(String field, String message) {
      this(List.of(new FieldError(field, message)));
    }

    /** Refuses the input when anything was found wrong with it, naming every bad field at once. */
    public static void throwIfAny(List<FieldError> errors) {
      if (!errors.isEmpty()) {
        throw new Invalid(errors);
      }
    }
  }

  /** The input is valid but a business rule refuses it (restaurant paused, item unavailable...). */
  public static final class RuleViolated extends DomainException {
    public RuleViolated(String code, String message) {
      super(code, message, List.of());
    }

    public RuleViolated(String code, String message, FieldError error) {
      super(code, message, List.of(error));
    }

    public RuleViolated(
        String code,
        String message,
        List<FieldError> errors,
        java.util.Map<String, Object> details) {
      super(code, message, errors, details);
    }
  }

  /**
   * The request conflicts with the current state (a transition not allowed now, a stale version,
   * stock gone).
   */
  public static final class Conflict extends DomainException {
    public Conflict(String code, String message) {
      super(code, message, List.of());
    }

    public Conflict(String code, String message, FieldError error) {
      super(code, message, List.of(error));
    }
  }

  /** The caller is known but may not do this. */
  public static final class Forbidden extends DomainException {
    public Forbidden(String message) {
      super("forbidden", message, List.of());
    }

    public Forbidden(String code, String message) {
      super(code, message, List.of());
    }
  }

  /** The caller could not be identified (wrong password, unknown account). */
  public static final class Unauthenticated extends DomainException {
    public Unauthenticated(String code, String message) {
      super(code, message, List.of());
    }
  }

  /**
   * A service the request depends on (the payment gateway) cannot be reached now; the same request
   * may be retried.
   */
  public static final class Unavailable extends DomainException {
    public Unavailable(String code, String message) {
      super(code, message, List.of());
    }
  }
}
