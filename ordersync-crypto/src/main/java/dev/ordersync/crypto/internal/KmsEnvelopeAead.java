package dev.ordersync.crypto.internal;

import com.google.crypto.tink.Aead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * Envelope encryption of a keyset under an AWS KMS key: a fresh data key from {@code
 * GenerateDataKey} encrypts the keyset locally with AES-256-GCM, and only the KMS-wrapped data key
 * is kept beside it. Unlike Tink's own {@code KmsEnvelopeAead}, the associated data goes to KMS as
 * the encryption context, so KMS itself refuses to unwrap a keyset file presented under another
 * name, and it shows in CloudTrail.
 *
 * <p>This AEAD only ever protects whole keysets (one call at start, one per rotation step), never
 * column values.
 *
 * <pre>
 * 0x01 || u16 length of the wrapped data key || wrapped data key || nonce(12) || ciphertext || tag(16)
 * </pre>
 */
public final class KmsEnvelopeAead implements Aead {
  /** The encryption-context entry that carries the associated data. */
  public static final String CONTEXT_KEY = "ordersync:keyset";

  private static final byte VERSION = 1;
  private final KmsClient kms;
  private final String keyId;

  public KmsEnvelopeAead(KmsClient kms, String keyId) {
    this.kms = kms;
    this.keyId = keyId;
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    Map<String, String> context = context(associatedData);
    GenerateDataKeyResponse dataKey =
        kms.generateDataKey(
            r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(context));
    byte[] key = dataKey.plaintext().asByteArray();
    try {
      byte[] wrapped = dataKey.ciphertextBlob().asByteArray();
      if (wrapped.length > 0xffff) {
        throw new GeneralSecurityException("AWS KMS returned an unexpectedly large wrapped key");
      }
      byte[] sealed = TinkKeys.aes256Gcm(key).encrypt(plaintext, associatedData);
      return ByteBuffer.allocate(3 + wrapped.length + sealed.length)
          .put(VERSION)
          .putShort((short) wrapped.length)
          .put(wrapped)
          .put(sealed)
          .array();
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    if (ciphertext.length < 3 || ciphertext[0] != VERSION) {
      throw new GeneralSecurityException("not a KMS envelope of this library");
    }
    int wrappedLength = ((ciphertext[1] & 0xff) << 8) | (ciphertext[2] & 0xff);
    if (ciphertext.length < 3 + wrappedLength) {
      throw new GeneralSecurityException("truncated KMS envelope");
    }
    byte[] wrapped = Arrays.copyOfRange(ciphertext, 3, 3 + wrappedLength);
    byte[] sealed = Arrays.copyOfRange(ciphertext, 3 + wrappedLength, ciphertext.length);
    DecryptResponse response =
        kms.decrypt(
            r ->
                r.keyId(keyId)
                    .ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                    .encryptionContext(context(associatedData)));
    byte[] key = response.plaintext().asByteArray();
    try {
      return TinkKeys.aes256Gcm(key).decrypt(sealed, associatedData);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static Map<String, String> context(byte[] associatedData) {
    return Map.of(CONTEXT_KEY, new String(associatedData, StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "KmsEnvelopeAead[" + keyId + "]";
  }
}
