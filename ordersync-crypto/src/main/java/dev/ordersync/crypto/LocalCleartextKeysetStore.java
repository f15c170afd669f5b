package dev.ordersync.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.ordersync.crypto.internal.OwnerOnlyFiles;
import dev.ordersync.crypto.internal.TinkKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * Cleartext Tink JSON keysets in owner-only files. Reading and writing a cleartext keyset is what
 * Tink's {@link InsecureSecretKeyAccess} names; this class is the one place that does it for master
 * keys.
 */
final class LocalCleartextKeysetStore implements KeysetStore {
  private final Path folder;

  LocalCleartextKeysetStore(Path folder) {
    this.folder = folder;
  }

  @Override
  public Optional<KeysetHandle> load(String name) {
    TinkKeys.ensureRegistered();
    Path file = file(name);
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      Optional<String> problem = OwnerOnlyFiles.problem(file);
      if (problem.isPresent()) {
        throw new KeyAccessException(
            "refusing the keyset file " + file + ": " + problem.get(), null);
      }
      return Optional.of(
          TinkJsonProtoKeysetFormat.parseKeyset(
              OwnerOnlyFiles.read(file), InsecureSecretKeyAccess.get()));
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyAccessException(
          "cannot read the keyset file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public KeysetHandle createIfAbsent(String name, KeysetHandle keyset) {
    TinkKeys.ensureRegistered();
    Path file = file(name);
    try {
      OwnerOnlyFiles.createFolder(folder);
      if (OwnerOnlyFiles.writeIfAbsent(file, serialize(keyset))) {
        return keyset;
      }
      return load(name)
          .orElseThrow(() -> new KeyAccessException("the keyset file " + file + " vanished", null));
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyAccessException(
          "cannot create the keyset file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public void save(String name, KeysetHandle keyset) {
    Path file = file(name);
    try {
      OwnerOnlyFiles.write(file, serialize(keyset));
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyAccessException(
          "cannot write the keyset file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static String serialize(KeysetHandle keyset) throws GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
  }

  private Path file(String name) {
    return folder.resolve(name + ".keyset.json");
  }

  @Override
  public String toString() {
    return "local cleartext keysets in " + folder;
  }
}
