package dev.ordersync.crypto;

import com.google.crypto.tink.Aead;
import dev.ordersync.crypto.internal.KmsEnvelopeAead;
import dev.ordersync.crypto.internal.TinkKeys;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The keys that wrap a deployment's keys (for {@link KeysetStore#wrapped}): a master key that every
 * instance is given, or an AWS KMS key. Both are AEADs: a wrapped key opens only with the same
 * key-encryption key and the same associated data (the key's purpose).
 */
public final class KeyEncryptionKeys {
  /** The length of a master key: 32 bytes, AES-256-GCM. */
  public static final int MASTER_KEY_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyEncryptionKeys() {}

  /**
   * A master key of exactly 32 bytes as an AES-256-GCM AEAD (random 12-byte nonce per wrap).
   *
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public static Aead masterKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != MASTER_KEY_BYTES) {
      throw new IllegalArgumentException(
          "a master key has " + MASTER_KEY_BYTES + " bytes, not " + key.length);
    }
    try {
      Aead aead = TinkKeys.aes256Gcm(key);
      return new Aead() {
        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData)
            throws GeneralSecurityException {
          return aead.encrypt(plaintext, associatedData);
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData)
            throws GeneralSecurityException {
          return aead.decrypt(ciphertext, associatedData);
        }

        @Override
        public String toString() {
          return "the master key";
        }
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is part of every Java runtime", e);
    }
  }

  /** 32 random bytes for a new master key. */
  public static byte[] newMasterKey() {
    byte[] key = new byte[MASTER_KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /**
   * Envelope encryption under an AWS KMS key: one {@code GenerateDataKey} per wrap, one {@code
   * Decrypt} per unwrap; the associated data goes to KMS as the encryption context.
   *
   * @param kms a synchronous KMS client, owned by the caller
   * @param keyId the KMS key: id, ARN or alias ARN
   */
  public static Aead awsKms(KmsClient kms, String keyId) {
    return new KmsEnvelopeAead(
        Objects.requireNonNull(kms, "kms"), Objects.requireNonNull(keyId, "keyId"));
  }
}
