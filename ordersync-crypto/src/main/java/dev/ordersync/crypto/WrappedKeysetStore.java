package dev.ordersync.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.ordersync.crypto.internal.TinkKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * Keysets encrypted under a key-encryption key (a master key, or an AWS KMS envelope) and kept in
 * {@link WrappedKeys}. Each is bound to its name by the associated data {@code ordersync/keyset/} +
 * name, so a row copied under another name does not unwrap.
 */
final class WrappedKeysetStore implements KeysetStore {
  private final WrappedKeys keys;
  private final Aead keyEncryptionKey;

  WrappedKeysetStore(WrappedKeys keys, Aead keyEncryptionKey) {
    this.keys = keys;
    this.keyEncryptionKey = keyEncryptionKey;
  }

  /** The associated data that binds a wrapped keyset to its name. */
  static byte[] associatedData(String name) {
    return ("ordersync/keyset/" + name).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Optional<KeysetHandle> load(String name) {
    TinkKeys.ensureRegistered();
    return keys.read(name).map(wrapped -> unwrap(name, wrapped));
  }

  @Override
  public KeysetHandle createIfAbsent(String name, KeysetHandle keyset) {
    TinkKeys.ensureRegistered();
    if (keys.insertIfAbsent(name, wrap(name, keyset))) {
      return keyset;
    }
    return load(name)
        .orElseThrow(() -> new KeyAccessException("the keyset '" + name + "' vanished", null));
  }

  @Override
  public void save(String name, KeysetHandle keyset) {
    keys.replace(name, wrap(name, keyset));
  }

  private KeysetHandle unwrap(String name, byte[] wrapped) {
    try {
      return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
          new String(wrapped, StandardCharsets.UTF_8),
          keyEncryptionKey,
          associatedData(name),
          RegistryConfiguration.get());
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(
          "the keyset '"
              + name
              + "' does not unwrap with this key-encryption key ("
              + keyEncryptionKey
              + "): it was written with another one, or it was stored under another name",
          e);
    }
  }

  private byte[] wrap(String name, KeysetHandle keyset) {
    try {
      return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
              keyset, keyEncryptionKey, associatedData(name), RegistryConfiguration.get())
          .getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(
          "cannot wrap the keyset '" + name + "': " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public String toString() {
    return "keysets wrapped by " + keyEncryptionKey + " in " + keys;
  }
}
