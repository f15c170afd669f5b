package dev.ordersync.server.auth;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import dev.ordersync.core.user.SecretSealer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Seals small secrets (TOTP secrets) with AES-256-GCM from Tink, the context as associated data.
 * The ordersync-crypto library takes this over when it lands; the stored form is Tink's (key id
 * prefix, nonce, ciphertext, tag), so rotation of this keyset already works.
 */
public final class TinkSecretSealer implements SecretSealer {
  private final Aead aead;

  public TinkSecretSealer(ServerKeys keys) {
    try {
      this.aead = keys.secretsKeys().getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("unusable secrets keyset", e);
    }
  }

  @Override
  public byte[] seal(byte[] plaintext, String context) {
    try {
      return aead.encrypt(plaintext, context.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not seal a secret", e);
    }
  }

  @Override
  public byte[] open(byte[] sealed, String context) {
    try {
      return aead.decrypt(sealed, context.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "a sealed secret does not open in its context (tampered or moved)");
    }
  }
}
