package dev.ordersync.server.auth;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.jwt.JwtSignatureConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server's own secrets: the JWT signing keyset, the secrets keyset and the key that makes
 * anonymous order tokens. A server takes them from the deployment's database ({@link #of}, decision
 * 99), where every instance finds the same ones. {@link #load} reads (or makes) them in files of a
 * folder, as versions before that did; it remains for tests and the import of such folders.
 *
 * <p>Reading and writing cleartext keysets is what {@link InsecureSecretKeyAccess} names; it
 * happens only here.
 */
public final class ServerKeys {
  static final String SIGNING_FILE = "jwt-signing-keyset.json";
  static final String SECRETS_FILE = "secrets-keyset.json";
  private final KeysetHandle signingKeys;
  private final KeysetHandle secretsKeys;
  private final byte[] orderTokenKey;

  private ServerKeys(KeysetHandle signingKeys, KeysetHandle secretsKeys, byte[] orderTokenKey) {
    this.signingKeys = signingKeys;
    this.secretsKeys = secretsKeys;
    this.orderTokenKey = orderTokenKey;
  }

  /**
   * The keys as the deployment keeps them (in its database, decision 40); the order-token key is
   * copied.
   */
  public static ServerKeys of(KeysetHandle signing, KeysetHandle secrets, byte[] orderTokenKey) {
    if (orderTokenKey.length < 32) {
      throw new IllegalArgumentException("the order token key must have at least 32 bytes");
    }
    return new ServerKeys(signing, secrets, orderTokenKey.clone());
  }

  /**
   * Keys in files of a folder, generated there when missing: how versions before decision 40 kept
   * them (the server imports such files into its database); tests use it.
   *
   * @param signingKeysetJson a Tink JSON keyset for JWT signing, or null to use the file
   * @param orderTokenKeyBase64 32 bytes in base64, or null to use the file
   */
  public static ServerKeys load(
      Path keyFolder, String signingKeysetJson, String orderTokenKeyBase64) {
    return load(keyFolder, signingKeysetJson, null, orderTokenKeyBase64);
  }

  /**
   * @param secretsKeysetJson a Tink JSON AEAD keyset for secrets at rest (TOTP secrets), or null to
   *     use the file
   */
  public static ServerKeys load(
      Path keyFolder,
      String signingKeysetJson,
      String secretsKeysetJson,
      String orderTokenKeyBase64) {
    try {
      JwtSignatureConfig.register();
      AeadConfig.register();
      KeysetHandle signing =
          keyset(keyFolder.resolve(SIGNING_FILE), signingKeysetJson, "JWT_ES256");
      KeysetHandle secrets =
          keyset(keyFolder.resolve(SECRETS_FILE), secretsKeysetJson, "AES256_GCM");
      byte[] orderKey;
      if (orderTokenKeyBase64 != null) {
        orderKey = Base64.getDecoder().decode(orderTokenKeyBase64.strip());
      } else {
        Path file = keyFolder.resolve("order-token.key");
        if (Files.exists(file)) {
          orderKey = Base64.getDecoder().decode(Files.readString(file).strip());
        } else {
          orderKey = new byte[32];
          new SecureRandom().nextBytes(orderKey);
          writeSecret(file, Base64.getEncoder().encodeToString(orderKey));
        }
      }
      if (orderKey.length < 32) {
        throw new IllegalArgumentException("the order token key must have at least 32 bytes");
      }
      return new ServerKeys(signing, secrets, orderKey);
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot load the server keys from " + keyFolder + ": " + e.getMessage(), e);
    }
  }

  private static KeysetHandle keyset(Path file, String json, String template)
      throws GeneralSecurityException, IOException {
    if (json != null) {
      return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    }
    if (Files.exists(file)) {
      return TinkJsonProtoKeysetFormat.parseKeyset(
          Files.readString(file), InsecureSecretKeyAccess.get());
    }
    KeysetHandle created = KeysetHandle.generateNew(KeyTemplates.get(template));
    writeSecret(
        file, TinkJsonProtoKeysetFormat.serializeKeyset(created, InsecureSecretKeyAccess.get()));
    return created;
  }

  /**
   * Rotates the JWT signing keyset in the folder: a new ES256 key is added and made primary; the
   * older keys stay, so tokens they signed verify until they expire. Servers pick the new keyset up
   * when they start. Returns the new key id.
   */
  public static int rotateSigningKey(Path keyFolder) {
    try {
      JwtSignatureConfig.register();
      Path file = keyFolder.resolve(SIGNING_FILE);
      KeysetHandle rotated = withNewSigningKey(keyset(file, null, "JWT_ES256"));
      writeSecret(
          file, TinkJsonProtoKeysetFormat.serializeKeyset(rotated, InsecureSecretKeyAccess.get()));
      return rotated.getPrimary().getId();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "cannot rotate the signing keys in " + keyFolder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Drops signing keys that are no longer primary (after the longest access token lifetime has
   * passed).
   */
  public static int retireOldSigningKeys(Path keyFolder) {
    try {
      JwtSignatureConfig.register();
      Path file = keyFolder.resolve(SIGNING_FILE);
      KeysetHandle current = keyset(file, null, "JWT_ES256");
      KeysetHandle retired = withoutOldSigningKeys(current);
      writeSecret(
          file, TinkJsonProtoKeysetFormat.serializeKeyset(retired, InsecureSecretKeyAccess.get()));
      return current.size() - retired.size();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "cannot retire signing keys in " + keyFolder + ": " + e.getMessage(), e);
    }
  }

  /**
   * The signing keyset with a new ES256 key added and made primary; the older keys stay, so tokens
   * they signed verify until they expire.
   */
  public static KeysetHandle withNewSigningKey(KeysetHandle current)
      throws GeneralSecurityException {
    JwtSignatureConfig.register();
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
    builder.addEntry(
        KeysetHandle.generateEntryFromParametersName("JWT_ES256").withRandomId().makePrimary());
    return builder.build();
  }

  /** The signing keyset without its keys that are no longer primary. */
  public static KeysetHandle withoutOldSigningKeys(KeysetHandle current)
      throws GeneralSecurityException {
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
    for (int i = builder.size() - 1; i >= 0; i--) {
      if (!builder.getAt(i).isPrimary()) {
        builder.removeAt(i);
      }
    }
    return builder.build();
  }

  private static void writeSecret(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(
        tmp,
        content,
        StandardCharsets.UTF_8,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.SYNC);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public KeysetHandle signingKeys() {
    return signingKeys;
  }

  KeysetHandle secretsKeys() {
    return secretsKeys;
  }

  /**
   * The key that signs the login throttle's device cookies: derived from the order token key
   * (HMAC-SHA256 of a label), so every instance that shares that key shares this one, and neither
   * reveals the other.
   */
  public byte[] loginDeviceKey() {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(orderTokenKey, "HmacSHA256"));
      return mac.doFinal("ordersync login device cookies v1".getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  byte[] orderTokenKey() {
    return orderTokenKey.clone();
  }
}
