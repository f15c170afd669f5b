package dev.ordersync.core.shared;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A client's idempotency key for a creating request, with a fingerprint of the request it came
 * with: the same key with the same request is a retry, with another request a mistake.
 *
 * <p>A key is not a secret: clients have used cart ids, and keys end up in logs. So a key may come
 * with the digest of a secret only its client knew before the first request ({@code secretHash}); a
 * retry is only answered the first answer when it shows the same secret. An anonymous customer's
 * key needs one (decision 25); an account is its own proof.
 *
 * @param value 1 to 255 visible ASCII characters (a UUID is ideal)
 * @param requestHash a digest of the request as it was sent (the server uses SHA-256 of the body)
 * @param secretHash a digest of the client's secret for this key (the server uses SHA-256 of the
 *     {@code Idempotency-Secret} header), or null without one
 */
public record IdempotencyKey(String value, byte[] requestHash, byte[] secretHash) {
  public static final int MAX_LENGTH = 255;

  /** A key without a secret. */
  public IdempotencyKey(String value, byte[] requestHash) {
    this(value, requestHash, null);
  }

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
    if (secretHash != null && secretHash.length == 0) {
      throw new IllegalArgumentException("a secret's hash is not empty");
    }
    requestHash = requestHash.clone();
    secretHash = secretHash == null ? null : secretHash.clone();
  }

  @Override
  public byte[] requestHash() {
    return requestHash.clone();
  }

  @Override
  public byte[] secretHash() {
    return secretHash == null ? null : secretHash.clone();
  }

  /** Whether the key came with a secret. */
  public boolean hasSecret() {
    return secretHash != null;
  }

  /** The same key and request, without the secret. */
  public IdempotencyKey withoutSecret() {
    return new IdempotencyKey(value, requestHash, null);
  }

  /**
   * Whether {@code hash}, the secret's digest kept with the first request, is this key's: both
   * none, or the same digest. A key with a secret never matches a record kept without one, nor the
   * other way round.
   */
  public boolean sameSecret(byte[] hash) {
    if (secretHash == null || hash == null) {
      return secretHash == null && hash == null;
    }
    return MessageDigest.isEqual(secretHash, hash);
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
        && MessageDigest.isEqual(requestHash, k.requestHash)
        && k.sameSecret(secretHash);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * value.hashCode() + Arrays.hashCode(requestHash))
        + Arrays.hashCode(secretHash);
  }

  /** Without the secret's digest: it is the one part of a key that is a credential. */
  @Override
  public String toString() {
    return "IdempotencyKey["
        + value
        + ", "
        + HexFormat.of().formatHex(requestHash)
        + (secretHash == null ? "" : ", with a secret")
        + "]";
  }
}
