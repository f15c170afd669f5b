package dev.ordersync.crypto;

/**
 * Why a value could not be encrypted or decrypted, or why keys could not be loaded; one subclass
 * per cause. Messages name where the value belongs (table, column, row, subject) and key versions,
 * never plaintext or key material, so they are safe to log.
 */
public abstract sealed class CryptoException extends RuntimeException
    permits DecryptionFailedException,
        MalformedCiphertextException,
        UnknownKeyException,
        RetiredKeyException,
        ShreddedException,
        KeyAccessException {
  private static final long serialVersionUID = 1L;

  CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
