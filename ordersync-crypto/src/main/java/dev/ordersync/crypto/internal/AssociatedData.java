package dev.ordersync.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The associated data that binds a value to where it is stored: {@code header(6) || domain(1) ||
 * lp(table) || lp(column) || lp(rowId) || lp(subject or "")}, where {@code lp(s)} is the 4-byte
 * big-endian length of the UTF-8 bytes of {@code s} followed by those bytes. Length prefixes make
 * the encoding unambiguous ("ab"+"c" and "a"+"bc" differ), and the header is included so no header
 * byte can be changed without failing authentication.
 */
public final class AssociatedData {
  /** A column value. */
  public static final byte DOMAIN_FIELD_VALUE = 1;

  /** A subject's key, wrapped by the field keyset: never confusable with a column value. */
  public static final byte DOMAIN_SUBJECT_KEY = 2;

  private AssociatedData() {}

  public static byte[] encode(
      byte[] header, byte domain, String table, String column, String rowId, String subjectOrNull) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.writeBytes(header);
    out.write(domain);
    lengthPrefixed(out, table);
    lengthPrefixed(out, column);
    lengthPrefixed(out, rowId);
    lengthPrefixed(out, subjectOrNull == null ? "" : subjectOrNull);
    return out.toByteArray();
  }

  /** {@code lp(part1) || lp(part2) || ...}, for derivation inputs. */
  public static byte[] lengthPrefixed(String... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    for (String part : parts) {
      lengthPrefixed(out, part);
    }
    return out.toByteArray();
  }

  private static void lengthPrefixed(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >>> 24);
    out.write(b.length >>> 16);
    out.write(b.length >>> 8);
    out.write(b.length);
    out.writeBytes(b);
  }
}
