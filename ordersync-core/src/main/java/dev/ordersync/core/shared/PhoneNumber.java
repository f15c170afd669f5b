package dev.ordersync.core.shared;

import java.util.regex.Pattern;

/**
 * A Korean telephone number, kept as digits only ({@code 01012345678}). Accepts the usual written
 * forms ({@code 010-1234-5678}, {@code 02 123 4567}, {@code +82 10-1234-5678}).
 */
public record PhoneNumber(String digits) {
  private static final Pattern KOREAN =
      Pattern.compile(
          "^(01[016789]\\d{7,8}|02\\d{7,8}|0[3-6][1-5]\\d{7,8}|070\\d{8}|1[5-9]\\d{2}\\d{4})$");

  public PhoneNumber {
    if (digits == null || !KOREAN.matcher(digits).matches()) {
      throw new IllegalArgumentException("not a Korean phone number");
    }
  }

  public static PhoneNumber parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not a Korean phone number");
    }
    String compact = text.strip().replaceAll("[\\s().-]", "");
    if (compact.startsWith("+82")) {
      compact = "0" + compact.substring(3);
    }
    return new PhoneNumber(compact);
  }

  /** The number as people write it: 010-1234-5678, 02-123-4567. */
  public String formatted() {
    if (digits.length() == 8) {
      return digits.substring(0, 4) + "-" + digits.substring(4);
    }
    int area = digits.startsWith("02") ? 2 : 3;
    int middle = digits.length() - area - 4;
    return digits.substring(0, area)
        + "-"
        + digits.substring(area, area + middle)
        + "-"
        + digits.substring(area + middle);
  }

  /**
   * The number with every digit but the last four hidden, keeping its written shape: {@code
   * 010-****-5678}, {@code 02-***-4567}, {@code ****-5678}. What a restaurant sees until it asks
   * for the number (a recorded reveal).
   */
  public String masked() {
    String f = formatted();
    // The area or carrier prefix stays when there is one (010-, 02-): it says nothing of the
    // person.
    int from = f.indexOf('-') == f.lastIndexOf('-') ? 0 : f.indexOf('-');
    int keep = f.length() - 4;
    StringBuilder out = new StringBuilder(f);
    for (int i = from; i < keep; i++) {
      if (out.charAt(i) != '-') {
        out.setCharAt(i, '*');
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return formatted();
  }
}
