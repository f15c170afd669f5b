package dev.ordersync.audit;

/** Checks for the text fields of a record, so that what is hashed is always within sane bounds. */
final class Text {
  private Text() {}

  /**
   * Null stays null; anything else must be non-blank, at most {@code max} chars and free of control
   * characters.
   */
  static String optional(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    if (value.isBlank() || value.length() > max) {
      throw new IllegalArgumentException(
          field + " must be non-blank and at most " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(field + " must not contain control characters");
      }
    }
    return value;
  }
}
