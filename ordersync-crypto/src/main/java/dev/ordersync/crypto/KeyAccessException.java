package dev.ordersync.crypto;

/**
 * The keys could not be loaded, created or saved: a keyset file that others may read, AWS KMS
 * refusing to unwrap, a missing subject-key store. Raised when opening or rotating, and when a
 * subject key cannot be fetched.
 */
public final class KeyAccessException extends CryptoException {
  private static final long serialVersionUID = 1L;

  KeyAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
