package dev.ordersync.crypto;

/**
 * The bytes are not a stored value this library can read: empty, truncated, or of an unknown format
 * version.
 */
public final class MalformedCiphertextException extends CryptoException {
  private static final long serialVersionUID = 1L;

  MalformedCiphertextException(String message) {
    super(message, null);
  }
}
