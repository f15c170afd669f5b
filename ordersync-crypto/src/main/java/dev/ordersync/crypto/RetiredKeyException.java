package dev.ordersync.crypto;

/**
 * The value was encrypted under a key version below the minimum decryption version: that key was
 * retired after the rewrap job, so this value was missed by it (or restored from an old backup).
 */
public final class RetiredKeyException extends CryptoException {
  private static final long serialVersionUID = 1L;
  private final int keyVersion;

  RetiredKeyException(String message, int keyVersion) {
    super(message, null);
    this.keyVersion = keyVersion;
  }

  public int keyVersion() {
    return keyVersion;
  }
}
