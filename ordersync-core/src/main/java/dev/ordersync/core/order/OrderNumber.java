package dev.ordersync.core.order;

/**
 * The short number people call out at the counter: a letter and three digits, counted per
 * restaurant per day in the restaurant's time zone. The 1st order of the day is A-001, the 999th
 * A-999, the 1000th B-001.
 */
public record OrderNumber(String value) {
  /** With the restaurant's own prefix: "T" gives T-001, T-002... T-999, T-1000. */
  public static OrderNumber ofDailySequence(int sequence, String prefix) {
    if (prefix == null) {
      return ofDailySequence(sequence);
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1");
    }
    return new OrderNumber(prefix + "-" + String.format("%03d", sequence));
  }

  public static OrderNumber ofDailySequence(int sequence) {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1");
    }
    int block = (sequence - 1) / 999;
    int inBlock = (sequence - 1) % 999 + 1;
    String prefix = block < 26 ? String.valueOf((char) ('A' + block)) : "Z" + (block - 25);
    return new OrderNumber(prefix + "-" + String.format("%03d", inBlock));
  }

  @Override
  public String toString() {
    return value;
  }
}
