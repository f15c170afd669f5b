package dev.ordersync.core.shared;

/**
 * An amount of Korean won. The won has no minor unit in circulation, so amounts are whole numbers;
 * never a double.
 *
 * <p>Amounts are capped at {@link #MAX} (one trillion won) so that sums of many lines can never
 * overflow a long and a huge quantity is a clear error instead of a wrapped negative total.
 */
public record Won(long amount) implements Comparable<Won> {
  public static final long MAX = 1_000_000_000_000L;
  public static final Won ZERO = new Won(0);

  public Won {
    if (amount < 0) {
      throw new IllegalArgumentException("amount must not be negative: " + amount);
    }
    if (amount > MAX) {
      throw new IllegalArgumentException("amount exceeds " + MAX + " won: " + amount);
    }
  }

  public static Won of(long amount) {
    return new Won(amount);
  }

  public Won plus(Won other) {
    return new Won(Math.addExact(amount, other.amount));
  }

  public Won minus(Won other) {
    return new Won(Math.subtractExact(amount, other.amount));
  }

  public Won times(int quantity) {
    return new Won(Math.multiplyExact(amount, (long) quantity));
  }

  @Override
  public int compareTo(Won o) {
    return Long.compare(amount, o.amount);
  }

  @Override
  public String toString() {
    return amount + " KRW";
  }
}
