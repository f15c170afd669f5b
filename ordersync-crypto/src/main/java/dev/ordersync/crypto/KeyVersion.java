package dev.ordersync.crypto;

/**
 * One key of a keyset, by version (1, 2, 3...), and what it may be used for now. No key material.
 */
public record KeyVersion(int version, State state) {
  /** Where a key is in its life: added, promoted, retired. */
  public enum State {
    /** Encrypts new values (and decrypts). Exactly one key is primary. */
    PRIMARY,
    /** Decrypts only: a key added but not yet promoted, or an older key not yet retired. */
    ACTIVE,
    /**
     * Below the minimum decryption version: reads under it fail with {@link RetiredKeyException}.
     */
    RETIRED
  }
}
