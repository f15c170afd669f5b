package dev.ordersync.core.shared;

/**
 * A Korean business registration number (사업자등록번호): ten digits, the last a check digit, written
 * 123-45-67890.
 */
public record BusinessNumber(String digits) {
  private static final int[] WEIGHTS = {1, 3, 7, 1, 3, 7, 1, 3, 5};

  public BusinessNumber {
    if (digits == null || !digits.matches("\\d{10}")) {
      throw new IllegalArgumentException("a business registration number has ten digits");
    }
    if (!checksumHolds(digits)) {
      throw new IllegalArgumentException("the business registration number's check digit is wrong");
    }
  }

  public static BusinessNumber parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a business registration number has ten digits");
    }
    return new BusinessNumber(text.strip().replace("-", ""));
  }

  private static boolean checksumHolds(String d) {
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (d.charAt(i) - '0') * WEIGHTS[i];
    }
    sum += ((d.charAt(8) - '0') * 5) / 10;
    int check = (10 - sum % 10) % 10;
    return check == d.charAt(9) - '0';
  }

  public String formatted() {
    return digits.substring(0, 3) + "-" + digits.substring(3, 5) + "-" + digits.substring(5);
  }

  @Override
  public String toString() {
    return formatted();
  }
}
