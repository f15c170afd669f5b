package dev.ordersync.audit;

/**
 * The audit trail cannot do what was asked for a reason that is not a database error: a value could
 * not be sealed, a stored record is malformed, or the sealer refused to sign a chain that does not
 * hold together.
 */
public class AuditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditException(String message) {
    super(message);
  }

  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
