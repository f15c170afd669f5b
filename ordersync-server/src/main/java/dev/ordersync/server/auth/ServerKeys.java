package dev.ordersync.server.auth;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
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
 * The server's own secrets: the JWT signing keyset and the key that makes anonymous order tokens. Each comes from its
 * environment variable when set (every instance of a multi-instance deployment must share them), and otherwise from a
 * file of the data folder, generated on first start with owner-only permissions.
 *
 * <p>Reading and writing cleartext keysets is what {@link InsecureSecretKeyAccess} names; it happens only here.
 */
public final class ServerKeys {
  private final KeysetHandle signingKeys;
  private final byte[] orderTokenKey;

  private ServerKeys(KeysetHandle signingKeys, byte[] orderTokenKey) {
    this.signingKeys = signingKeys;
    this.orderTokenKey = orderTokenKey;
  }

  /**
   * @param signingKeysetJson a Tink JSON keyset for JWT signing, or null to use the file
   * @param orderTokenKeyBase64 32 bytes in base64, or null to use the file
   */
  public static ServerKeys load(Path keyFolder, String signingKeysetJson, String orderTokenKeyBase64) {
    try {
      JwtSignatureConfig.register();
      KeysetHandle signing;
      if (signingKeysetJson != null) {
        signing = TinkJsonProtoKeysetFormat.parseKeyset(signingKeysetJson, InsecureSecretKeyAccess.get());
      } else {
        Path file = keyFolder.resolve("jwt-signing-keyset.json");
        if (Files.exists(file)) {
          signing = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
        } else {
          signing = KeysetHandle.generateNew(KeyTemplates.get("JWT_ES256"));
          writeSecret(file, TinkJsonProtoKeysetFormat.serializeKeyset(signing, InsecureSecretKeyAccess.get()));
        }
      }
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
      return new ServerKeys(signing, orderKey);
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot load the server keys from " + keyFolder + ": " + e.getMessage(), e);
    }
  }

  private static void writeSecret(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  KeysetHandle signingKeys() {
    return signingKeys;
  }

  byte[] orderTokenKey() {
    return orderTokenKey.clone();
  }
}
