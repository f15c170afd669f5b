package dev.ordersync.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Where the master keysets live and how they are protected at rest. {@link FieldCrypto} keeps two
 * Tink keysets here, named {@code "fields"} (AES-256-GCM, encrypts values and wraps subject keys)
 * and {@code "blind-index"} (HMAC-SHA256); it reads them once when it opens, and again only on
 * {@link FieldCrypto#reload()} or a rotation step.
 *
 * <p>Two implementations: {@link #localCleartext(Path)} for development and single machines, and
 * {@link #awsKms(KmsClient, String, Path)} for production. Another one (keysets in a database, say)
 * implements these three methods; {@link KeysetHandle} never shows its key material without Tink's
 * {@code InsecureSecretKeyAccess}.
 */
public interface KeysetStore {
  /** The keyset stored under this name, or empty if there is none yet. */
  Optional<KeysetHandle> load(String name);

  /**
   * Stores a keyset under a name that has none yet, and returns the keyset stored under that name
   * afterwards: the given one, or the one another process stored first, so two first starts agree
   * on one keyset.
   */
  KeysetHandle createIfAbsent(String name, KeysetHandle keyset);

  /** Replaces the keyset stored under this name (after a rotation step). */
  void save(String name, KeysetHandle keyset);

  /**
   * Keysets in cleartext Tink JSON files in {@code folder} ({@code fields.keyset.json}, {@code
   * blind-index.keyset.json}), created on first use with permissions 600 in a folder of 700. A file
   * that group or others may read or write is refused with {@link KeyAccessException}: the keys are
   * in the clear in it, so the file permissions are their only protection.
   */
  static KeysetStore localCleartext(Path folder) {
    return new LocalCleartextKeysetStore(Objects.requireNonNull(folder, "folder"));
  }

  /**
   * Keysets encrypted under an AWS KMS key, in {@code folder} ({@code fields.keyset.kms.json},
   * ...). Each is unwrapped with one KMS {@code Decrypt} call when {@link FieldCrypto} opens, and
   * written with one {@code GenerateDataKey} call per rotation step; values are never sent to KMS.
   * The keyset name goes to KMS as the encryption context ({@code ordersync:keyset}), so a file
   * presented under another name does not unwrap. The files are useless without {@code kms:Decrypt}
   * on the key, so they may be shared by every instance (a mounted volume, a secret, a config
   * repository).
   *
   * @param kms a synchronous KMS client, owned by the caller (this store does not close it)
   * @param keyId the KMS key: id, ARN or alias ARN
   */
  static KeysetStore awsKms(KmsClient kms, String keyId, Path folder) {
    return new AwsKmsKeysetStore(
        Objects.requireNonNull(kms, "kms"),
        Objects.requireNonNull(keyId, "keyId"),
        Objects.requireNonNull(folder, "folder"));
  }

  /**
   * Keysets encrypted under {@code keyEncryptionKey} (see {@link KeyEncryptionKeys}: a master key
   * or an AWS KMS key) and kept in {@code keys}, a database table say, so that every instance of a
   * deployment reads the same keysets. Each keyset is bound to its name by its associated data.
   */
  static KeysetStore wrapped(WrappedKeys keys, Aead keyEncryptionKey) {
    return new WrappedKeysetStore(
        Objects.requireNonNull(keys, "keys"),
        Objects.requireNonNull(keyEncryptionKey, "keyEncryptionKey"));
  }
}
