package dev.ordersync.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * One encrypted value as a {@link RewrapSource} pages it: its position in the source's order, the
 * stored bytes, and the context it was written for.
 *
 * @param cursor where this value is in the source's stable order (a row id, or "row id/column" when
 *     a row has several encrypted columns); the job passes the last one back to {@link
 *     RewrapSource#page} and saves it in its checkpoint
 */
public record StoredValue(String cursor, byte[] ciphertext, FieldContext context) {
  public StoredValue {
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(context, "context");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredValue v
        && cursor.equals(v.cursor)
        && Arrays.equals(ciphertext, v.ciphertext)
        && context.equals(v.context);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cursor, Arrays.hashCode(ciphertext), context);
  }

  @Override
  public String toString() {
    return "StoredValue[" + cursor + ", " + context + ", " + ciphertext.length + " bytes]";
  }
}
