package dev.ordersync.crypto;

import java.util.Optional;

/**
 * Where wrapped (encrypted) keys are kept by name, for {@link KeysetStore#wrapped}: a database
 * table that every instance of a deployment reads, say. It only ever sees ciphertext; what wraps it
 * is the store's key-encryption key.
 */
public interface WrappedKeys {
  /** The wrapped key stored under this name, or empty. */
  Optional<byte[]> read(String name);

  /**
   * Stores a wrapped key under a name that has none yet; false (and nothing written) if the name
   * already has one, so that two first starts agree on the first key written.
   */
  boolean insertIfAbsent(String name, byte[] wrapped);

  /** Replaces the wrapped key stored under this name (after a rotation step). */
  void replace(String name, byte[] wrapped);
}
