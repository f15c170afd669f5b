package dev.ordersync.crypto;

import com.google.crypto.tink.prf.Prf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The blind index of one column: a keyed hash of a value for equality look-ups (log in by email)
 * without storing or searching the plaintext. HMAC-SHA256 under the column's own key (derived from
 * the blind-index keyset for this table and column), truncated to {@link #bits()} bits; only
 * someone with the key can compute it, so the stored index does not let anyone test guesses.
 *
 * <p>Store {@link #compute} beside the encrypted value; look up with {@link #lookupTerms}, which
 * gives one term per live index key, so rows indexed before a rotation are still found. Truncation
 * makes several rows share a term by design (see {@link BlindIndexPlanner}): decrypt each candidate
 * and compare. Normalize the input the same way on both sides (an email lower-cased and trimmed).
 */
public final class BlindIndex {
  private final FieldCrypto crypto;
  private final String table;
  private final String column;
  private final int bits;

  BlindIndex(FieldCrypto crypto, String table, String column, int bits) {
    this.crypto = crypto;
    this.table = requireName(table, "table");
    this.column = requireName(column, "column");
    if (bits < 1 || bits > 256) {
      throw new IllegalArgumentException("a blind index has 1 to 256 bits, not " + bits);
    }
    this.bits = bits;
  }

  /**
   * The index of {@code value} under the primary index key: what to store. {@code ceil(bits / 8)}
   * bytes.
   */
  public byte[] compute(byte[] value) {
    Keyring keys = crypto.keyring();
    return term(keys, keys.indexPrimary, Objects.requireNonNull(value, "value"));
  }

  /** {@link #compute(byte[])} of the UTF-8 bytes. */
  public byte[] compute(String value) {
    return compute(value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The index of {@code value} under every live index key, the primary's first, without duplicates:
   * search for any of them ({@code where email_index = any(?)}), then decrypt the candidates and
   * keep the equal ones.
   */
  public List<byte[]> lookupTerms(byte[] value) {
    Objects.requireNonNull(value, "value");
    Keyring keys = crypto.keyring();
    List<byte[]> terms = new ArrayList<>();
    for (int version : keys.indexVersionsPrimaryFirst()) {
      byte[] term = term(keys, version, value);
      if (terms.stream().noneMatch(t -> Arrays.equals(t, term))) {
        terms.add(term);
      }
    }
    return List.copyOf(terms);
  }

  /** {@link #lookupTerms(byte[])} of the UTF-8 bytes. */
  public List<byte[]> lookupTerms(String value) {
    return lookupTerms(value.getBytes(StandardCharsets.UTF_8));
  }

  public String table() {
    return table;
  }

  public String column() {
    return column;
  }

  public int bits() {
    return bits;
  }

  private byte[] term(Keyring keys, int version, byte[] value) {
    Prf prf = keys.columnKey(version, table, column);
    byte[] out;
    try {
      out = prf.compute(value, (bits + 7) / 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed", e);
    }
    if (bits % 8 != 0) {
      // Truncation is to bits, not bytes: the planner's length is exact, so the unused low bits are
      // zero.
      out[out.length - 1] &= (byte) (0xff << (8 - bits % 8));
    }
    return out;
  }

  private static String requireName(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  @Override
  public String toString() {
    return "BlindIndex[" + table + "." + column + ", " + bits + " bits]";
  }
}
