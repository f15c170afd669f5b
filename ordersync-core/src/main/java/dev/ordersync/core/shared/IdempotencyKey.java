package dev.ordersync.core.shared;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A client's idempotency key for a creating request, with a fingerprint of the request it came
 * with: the same key with the same request is a retry, with another request a mistake.
 *
 * @param value 1 to 255 visible ASCII characters (a UUID is ideal)
 * @param requestHash a digest of the request as it was sent (the server uses SHA-256 of the body)
 */
public record IdempotencyKey(String value, byte[] requestHash) {
  public static final int MAX_LENGTH = 255;

  public IdempotencyKey {
    if (value == null
        || value.isEmpty()
        || value.length() > MAX_LENGTH
        || !value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new IllegalArgumentException(
          "an idempotency key is 1 to " + MAX_LENGTH + " visible ASCII characters");
    }
    if (requestHash == null || requestHash.length == 0) {
      throw new IllegalArgumentException("an idempotency key needs the hash of its request");
    }
    requestHash = requestHash.clone();
  }

  @Override
  public byte[] requestHash() {
    return requestHash.clone();
  }

  /** Whether {@code hash} is the fingerprint of the request this key came with. */
  public boolean sameRequest(byte[] hash) {
    // Not a secret, but constant time costs nothing here and keeps the scanners quiet for a reason.
    return MessageDigest.isEqual(requestHash, hash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdempotencyKey k
        && value.equals(k.value)
        && MessageDigest.isEqual(requestHash, k.requestHash);
  }

  @Override
  public int hashCode() {
    return 31 * value.hashCode() + Arrays.hashCode(requestHash);
  }

  @Override
  public String toString() {
    return "IdempotencyKey[" + value + ", " + HexFormat.of().formatHex(requestHash) + "]";
  }
}
