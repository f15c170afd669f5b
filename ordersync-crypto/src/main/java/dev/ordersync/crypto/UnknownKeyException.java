package dev.ordersync.crypto;

/**
 * The value names a key version this instance does not hold: written by an instance that has a
 * newer keyset (call {@link FieldCrypto#reload()}), or encrypted under another keyset altogether.
 */
public final class UnknownKeyException extends CryptoException {
  private static final long serialVersionUID = 1L;
  private final int keyVersion;

  UnknownKeyException(String message, int keyVersion) {
    super(message, null);
    this.keyVersion = keyVersion;
  }

  public int keyVersion() {
    return keyVersion;
  }
}
