package dev.ordersync.crypto.internal;

/**
 * The stored form of an encrypted value, format version 1:
 *
 * <pre>
 * offset  size  field
 * 0       1     format version (0x01)
 * 1       1     key kind: 0x01 a key of the field keyset, 0x02 a subject's own key
 * 2       4     key id, big-endian: the key version for kind 0x01, the subject key's id for kind 0x02
 * 6       12    AES-GCM nonce (random)
 * 18      n     AES-256-GCM ciphertext of the n-byte value
 * 18+n    16    GCM tag
 * </pre>
 *
 * The six header bytes are also part of the associated data, so changing any of them fails
 * authentication. A later format gets a new first byte and is read beside this one, so old values
 * never need a flag day.
 */
public final class WireFormat {
  public static final byte VERSION_1 = 1;
  public static final byte KIND_FIELD_KEY = 1;
  public static final byte KIND_SUBJECT_KEY = 2;
  public static final int HEADER_BYTES = 6;
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;
  public static final int OVERHEAD_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;

  private WireFormat() {}

  /** The parsed header of a stored value. */
  public record Header(byte kind, int keyId) {
    public byte[] bytes() {
      return new byte[] {
        VERSION_1,
        kind,
        (byte) (keyId >>> 24),
        (byte) (keyId >>> 16),
        (byte) (keyId >>> 8),
        (byte) keyId
      };
    }
  }

  /**
   * Why a byte string is not a stored value this library can read; the message never includes the
   * bytes.
   */
  public static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
      super(message, null, false, false);
    }
  }

  public static Header parse(byte[] stored) throws FormatException {
    if (stored == null || stored.length == 0) {
      throw new FormatException("not an encrypted value: it is empty");
    }
    if (stored[0] != VERSION_1) {
      throw new FormatException(
          "unknown format version "
              + (stored[0] & 0xff)
              + " (this library reads version "
              + VERSION_1
              + "); written by a newer library, or not an encrypted value");
    }
    if (stored.length < OVERHEAD_BYTES) {
      throw new FormatException(
          "truncated: "
              + stored.length
              + " bytes, but a version 1 value has at least "
              + OVERHEAD_BYTES);
    }
    byte kind = stored[1];
    if (kind != KIND_FIELD_KEY && kind != KIND_SUBJECT_KEY) {
      throw new FormatException("unknown key kind " + (kind & 0xff) + " in a version 1 value");
    }
    int keyId =
        ((stored[2] & 0xff) << 24)
            | ((stored[3] & 0xff) << 16)
            | ((stored[4] & 0xff) << 8)
            | (stored[5] & 0xff);
    return new Header(kind, keyId);
  }

  /** Header followed by Tink's raw AES-GCM output (nonce, ciphertext, tag). */
  public static byte[] join(byte[] header, byte[] nonceCiphertextTag) {
    byte[] out = new byte[header.length + nonceCiphertextTag.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(nonceCiphertextTag, 0, out, header.length, nonceCiphertextTag.length);
    return out;
  }

  /** The nonce, ciphertext and tag after the header, as Tink's raw AES-GCM expects them. */
  public static byte[] body(byte[] stored) {
    byte[] out = new byte[stored.length - HEADER_BYTES];
    System.arraycopy(stored, HEADER_BYTES, out, 0, out.length);
    return out;
  }
}
