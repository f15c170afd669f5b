package dev.ordersync.audit;

import java.util.regex.Pattern;

/**
 * What was done. An open set: the constants name what OrderSync itself records, and any other
 * upper-case name (letters, digits, underscores, at most 64) is accepted, so a new use case needs
 * no release of this library.
 */
public record AuditAction(String name) {
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  public static final AuditAction CREATE_ORDER = new AuditAction("CREATE_ORDER");
  public static final AuditAction ACCEPT_ORDER = new AuditAction("ACCEPT_ORDER");
  public static final AuditAction REJECT_ORDER = new AuditAction("REJECT_ORDER");
  public static final AuditAction START_ORDER = new AuditAction("START_ORDER");
  public static final AuditAction MARK_ORDER_READY = new AuditAction("MARK_ORDER_READY");
  public static final AuditAction COMPLETE_ORDER = new AuditAction("COMPLETE_ORDER");
  public static final AuditAction CANCEL_ORDER = new AuditAction("CANCEL_ORDER");
  public static final AuditAction MENU_UPDATED = new AuditAction("MENU_UPDATED");
  public static final AuditAction RESTAURANT_UPDATED = new AuditAction("RESTAURANT_UPDATED");
  public static final AuditAction STAFF_CHANGED = new AuditAction("STAFF_CHANGED");
  public static final AuditAction PAYMENT_CONFIRMED = new AuditAction("PAYMENT_CONFIRMED");
  public static final AuditAction REFUND_ISSUED = new AuditAction("REFUND_ISSUED");
  public static final AuditAction USER_REGISTERED = new AuditAction("USER_REGISTERED");
  public static final AuditAction LOGIN_SUCCEEDED = new AuditAction("LOGIN_SUCCEEDED");
  public static final AuditAction LOGIN_FAILED = new AuditAction("LOGIN_FAILED");
  public static final AuditAction LOGGED_OUT = new AuditAction("LOGGED_OUT");
  public static final AuditAction PASSWORD_CHANGED = new AuditAction("PASSWORD_CHANGED");
  public static final AuditAction SECOND_FACTOR_CHANGED = new AuditAction("SECOND_FACTOR_CHANGED");
  public static final AuditAction SESSIONS_REVOKED = new AuditAction("SESSIONS_REVOKED");
  public static final AuditAction DATA_EXPORTED = new AuditAction("DATA_EXPORTED");
  public static final AuditAction DATA_ERASED = new AuditAction("DATA_ERASED");
  public static final AuditAction KEY_ROTATED = new AuditAction("KEY_ROTATED");
  public static final AuditAction AUDIT_VERIFIED = new AuditAction("AUDIT_VERIFIED");

  /**
   * Someone who handles people's personal data read it (PIPA's 접속기록): one record per request,
   * naming the reader, the data subjects and the fields. Kept at least two years.
   */
  public static final AuditAction PERSONAL_DATA_ACCESSED =
      new AuditAction("PERSONAL_DATA_ACCESSED");

  public AuditAction {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an audit action is 1 to 64 of A-Z, 0-9 and _, starting with a letter: " + name);
    }
  }

  public static AuditAction of(String name) {
    return new AuditAction(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
