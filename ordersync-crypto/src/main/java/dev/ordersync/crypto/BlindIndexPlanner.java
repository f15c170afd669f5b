package dev.ordersync.crypto;

/**
 * Chooses the length of a blind index, as CipherSweet's planner does. A blind index must be short
 * enough that each index value is shared by several rows (otherwise it identifies a row as well as
 * the plaintext would, and leaks equality between exactly the rows that are equal) and long enough
 * that a look-up returns few rows to decrypt.
 *
 * <p>With {@code R} rows, an index of {@code L} bits over an input with {@code K} bits of entropy,
 * the expected number of rows sharing one index value is CipherSweet's coincidence count
 *
 * <pre>  C = R / 2^min(L, K)</pre>
 *
 * and the planner picks the largest {@code L} that keeps {@code C >= 2}:
 *
 * <pre>  L = min(floor(log2(R)) - 1, K), at least 1 and at most 256</pre>
 *
 * so {@code 2 <= C < 4}: a look-up of a value that is present returns it plus about 1 to 3 other
 * rows (false positives, discarded after decryption), and a look-up of an absent value about 2 to
 * 4. Plan for the row count the table will have by the time the index key is next rotated: C
 * doubles each time the table does.
 */
public final class BlindIndexPlanner {
  private BlindIndexPlanner() {}

  /**
   * The index length in bits for a table expected to hold {@code expectedRows} rows of an input
   * with {@code inputEntropyBits} bits of entropy (an email address: 32 or more; a Korean mobile
   * number 010-XXXX-XXXX: about 26).
   */
  public static int bits(long expectedRows, int inputEntropyBits) {
    if (expectedRows < 1) {
      throw new IllegalArgumentException("expectedRows must be at least 1");
    }
    if (inputEntropyBits < 1) {
      throw new IllegalArgumentException("inputEntropyBits must be at least 1");
    }
    int floorLog2 = 63 - Long.numberOfLeadingZeros(expectedRows);
    return Math.max(1, Math.min(Math.min(floorLog2 - 1, inputEntropyBits), 256));
  }

  /** {@code C = R / 2^min(L, K)}: the expected number of rows that share one index value. */
  public static double expectedCoincidences(long rows, int bits, int inputEntropyBits) {
    return Math.max(1, rows) / Math.pow(2, Math.min(bits, inputEntropyBits));
  }
}
