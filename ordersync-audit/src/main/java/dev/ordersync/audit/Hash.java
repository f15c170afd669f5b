package dev.ordersync.audit;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A SHA-256 value: a chain link, a Merkle root or a node of a proof. Immutable, compared by value.
 */
public final class Hash {
  /** The link before the first record: 32 zero bytes. */
  public static final Hash ZERO = new Hash(new byte[32]);

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps (a copy of) exactly 32 bytes. */
  public static Hash of(byte[] bytes) {
    if (bytes == null || bytes.length != 32) {
      throw new IllegalArgumentException("a SHA-256 hash is 32 bytes");
    }
    return new Hash(bytes.clone());
  }

  public static Hash fromHex(String hex) {
    return of(HexFormat.of().parseHex(hex));
  }

  public static Hash fromBase64(String base64) {
    return of(Base64.getDecoder().decode(base64));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
