package dev.ordersync.crypto;

/**
 * The value does not decrypt in the context it was read with: it was altered, or it was written for
 * another row, column or subject (AES-GCM cannot tell these apart, and neither can anyone without
 * the key).
 */
public final class DecryptionFailedException extends CryptoException {
  private static final long serialVersionUID = 1L;

  DecryptionFailedException(String message) {
    super(message, null);
  }
}
