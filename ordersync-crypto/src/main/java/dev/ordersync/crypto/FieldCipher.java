package dev.ordersync.crypto;

import java.nio.charset.StandardCharsets;

/**
 * Encrypts and decrypts column values, each bound to its {@link FieldContext}. AES-256-GCM through
 * Tink, a random nonce per value, the key version in every stored value so rotation just works;
 * nothing to choose, nothing to get wrong. Thread-safe.
 *
 * <p>{@link FieldCrypto} is the implementation; code that only encrypts and decrypts should depend
 * on this interface, which also makes a test double easy.
 */
public interface FieldCipher {
  /**
   * The stored form of {@code plaintext} in {@code context}: 34 bytes longer than the plaintext
   * (see the module README for the layout).
   */
  byte[] encrypt(byte[] plaintext, FieldContext context);

  /**
   * The plaintext of a stored value, if it was written for exactly this context.
   *
   * @throws DecryptionFailedException altered, or written for another table, column, row or subject
   * @throws MalformedCiphertextException empty, truncated, or of an unknown format version
   * @throws UnknownKeyException under a key version this instance does not hold
   * @throws RetiredKeyException under a key version that was retired
   * @throws ShreddedException the value's subject was shredded
   */
  byte[] decrypt(byte[] ciphertext, FieldContext context);

  /** {@link #encrypt} of the UTF-8 bytes of {@code plaintext}. */
  default byte[] encryptString(String plaintext, FieldContext context) {
    return encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context);
  }

  /** {@link #decrypt}, read as UTF-8. */
  default String decryptString(byte[] ciphertext, FieldContext context) {
    return new String(decrypt(ciphertext, context), StandardCharsets.UTF_8);
  }
}
