package dev.ordersync.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.ordersync.crypto.internal.KmsEnvelopeAead;
import dev.ordersync.crypto.internal.OwnerOnlyFiles;
import dev.ordersync.crypto.internal.TinkKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Keysets encrypted under an AWS KMS key (Tink's encrypted-keyset JSON, with {@link
 * KmsEnvelopeAead} as the key encryption key). KMS sees one call per keyset read or written, never
 * a column value.
 */
final class AwsKmsKeysetStore implements KeysetStore {
  private final String keyId;
  private final Path folder;
  private final KmsEnvelopeAead envelope;

  AwsKmsKeysetStore(KmsClient kms, String keyId, Path folder) {
    this.keyId = keyId;
    this.folder = folder;
    this.envelope = new KmsEnvelopeAead(kms, keyId);
  }

  @Override
  public Optional<KeysetHandle> load(String name) {
    TinkKeys.ensureRegistered();
    Path file = file(name);
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      return Optional.of(
          TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
              OwnerOnlyFiles.read(file),
              envelope,
              associatedData(name),
              RegistryConfiguration.get()));
    } catch (AwsServiceException e) {
      throw new KeyAccessException(
          "AWS KMS refused to unwrap the keyset '"
              + name
              + "' in "
              + file
              + " with key "
              + keyId
              + ": "
              + e.awsErrorDetails().errorCode()
              + " (another KMS key, a file renamed or copied from another keyset, or missing kms:Decrypt)",
          e);
    } catch (SdkException e) {
      throw new KeyAccessException(
          "cannot reach AWS KMS to unwrap the keyset '" + name + "' in " + file, e);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyAccessException(
          "cannot read the KMS-wrapped keyset file " + file + ": " + e.getClass().getSimpleName(),
          e);
    }
  }

  @Override
  public KeysetHandle createIfAbsent(String name, KeysetHandle keyset) {
    TinkKeys.ensureRegistered();
    Path file = file(name);
    try {
      OwnerOnlyFiles.createFolder(folder);
      if (Files.exists(file)) {
        return load(name).orElseThrow();
      }
      if (OwnerOnlyFiles.writeIfAbsent(file, wrap(name, keyset))) {
        return keyset;
      }
      return load(name)
          .orElseThrow(() -> new KeyAccessException("the keyset file " + file + " vanished", null));
    } catch (IOException e) {
      throw new KeyAccessException(
          "cannot create the keyset file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public void save(String name, KeysetHandle keyset) {
    Path file = file(name);
    try {
      OwnerOnlyFiles.write(file, wrap(name, keyset));
    } catch (IOException e) {
      throw new KeyAccessException(
          "cannot write the keyset file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private String wrap(String name, KeysetHandle keyset) {
    try {
      return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
          keyset, envelope, associatedData(name), RegistryConfiguration.get());
    } catch (SdkException e) {
      throw new KeyAccessException(
          "AWS KMS could not wrap the keyset '" + name + "' with key " + keyId, e);
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(
          "cannot wrap the keyset '" + name + "': " + e.getClass().getSimpleName(), e);
    }
  }

  private static byte[] associatedData(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  private Path file(String name) {
    return folder.resolve(name + ".keyset.kms.json");
  }

  @Override
  public String toString() {
    return "keysets wrapped by AWS KMS key " + keyId + " in " + folder;
  }
}
