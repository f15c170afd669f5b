package dev.ordersync.crypto.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.PrfHmacJce;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Everything that builds Tink keys and primitives. The two places where raw key bytes exist in
 * memory outside Tink (a subject's key, a column's derived blind-index key) are here, behind {@link
 * InsecureSecretKeyAccess}, so that a search for that name finds every one of them.
 */
public final class TinkKeys {
  /**
   * AES-256-GCM, 12-byte nonce, 16-byte tag, no Tink prefix: the library writes its own header with
   * the key id.
   */
  public static final AesGcmParameters AES256_GCM;

  /** HMAC-SHA256 as a PRF, 32-byte key. */
  public static final HmacPrfParameters HMAC_SHA256_PRF;

  public static final int SUBJECT_KEY_BYTES = 32;

  /**
   * Makes sure Tink knows our key types before any keyset is parsed: a keyset parsed before
   * AeadConfig and PrfConfig are registered comes back as opaque legacy keys that the rest of the
   * library refuses. Calling this runs the registration in the class initializer.
   */
  public static void ensureRegistered() {
    // the static initializer has run by the time this body executes
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    try {
      AeadConfig.register();
      PrfConfig.register();
      AES256_GCM =
          AesGcmParameters.builder()
              .setKeySizeBytes(32)
              .setIvSizeBytes(WireFormat.NONCE_BYTES)
              .setTagSizeBytes(WireFormat.TAG_BYTES)
              .setVariant(AesGcmParameters.Variant.NO_PREFIX)
              .build();
      HMAC_SHA256_PRF =
          HmacPrfParameters.builder()
              .setKeySizeBytes(32)
              .setHashType(HmacPrfParameters.HashType.SHA256)
              .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TinkKeys() {}

  /** A keyset with one key, version 1, primary. */
  public static KeysetHandle newKeyset(com.google.crypto.tink.Parameters parameters)
      throws GeneralSecurityException {
    return KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.generateEntryFromParameters(parameters).withFixedId(1).makePrimary())
        .build();
  }

  /**
   * Adds a new key, enabled but not primary, with the next version number. Key ids are versions (1,
   * 2, 3...), so "retire every key below version N" has a meaning; Tink only needs them unique
   * within the keyset.
   */
  public static KeysetHandle withNewKey(
      KeysetHandle keyset, com.google.crypto.tink.Parameters parameters)
      throws GeneralSecurityException {
    int next = highestId(keyset) + 1;
    return KeysetHandle.newBuilder(keyset)
        .addEntry(KeysetHandle.generateEntryFromParameters(parameters).withFixedId(next))
        .build();
  }

  public static KeysetHandle withPrimary(KeysetHandle keyset, int id)
      throws GeneralSecurityException {
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
    for (int i = 0; i < builder.size(); i++) {
      KeysetHandle.Builder.Entry entry = builder.getAt(i);
      if (keyset.getAt(i).getId() == id) {
        if (entry.getStatus() != KeyStatus.ENABLED) {
          throw new GeneralSecurityException(
              "key version " + id + " is retired and cannot become primary");
        }
        entry.makePrimary();
        return builder.build();
      }
    }
    throw new GeneralSecurityException("no key version " + id + " in the keyset");
  }

  /**
   * Disables every key with an id below {@code minimum}; disabled keys stay in the keyset,
   * unusable.
   */
  public static KeysetHandle withKeysDisabledBelow(KeysetHandle keyset, int minimum)
      throws GeneralSecurityException {
    if (keyset.getPrimary().getId() < minimum) {
      throw new GeneralSecurityException(
          "cannot retire the primary key version "
              + keyset.getPrimary().getId()
              + ": promote a newer key first");
    }
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
    for (int i = 0; i < builder.size(); i++) {
      if (keyset.getAt(i).getId() < minimum) {
        builder.getAt(i).setStatus(KeyStatus.DISABLED);
      }
    }
    return builder.build();
  }

  public static int highestId(KeysetHandle keyset) {
    int highest = 0;
    for (int i = 0; i < keyset.size(); i++) {
      highest = Math.max(highest, keyset.getAt(i).getId());
    }
    return highest;
  }

  public static Aead aead(KeysetHandle.Entry entry) throws GeneralSecurityException {
    if (!(entry.getKey() instanceof AesGcmKey key) || !key.getParameters().equals(AES256_GCM)) {
      throw new GeneralSecurityException(
          "key version "
              + entry.getId()
              + " is not an AES-256-GCM key without prefix: "
              + entry.getKey().getParameters());
    }
    return AesGcmJce.create(key);
  }

  public static Prf prf(KeysetHandle.Entry entry) throws GeneralSecurityException {
    if (!(entry.getKey() instanceof HmacPrfKey key)
        || !key.getParameters().equals(HMAC_SHA256_PRF)) {
      throw new GeneralSecurityException(
          "key version "
              + entry.getId()
              + " is not an HMAC-SHA256 PRF key: "
              + entry.getKey().getParameters());
    }
    return PrfHmacJce.create(key);
  }

  /**
   * A column's own blind-index key: {@code HMAC(indexKey, lp("ordersync blind index v1") ||
   * lp(table) || lp(column))}, used as an HMAC-SHA256 key. One key per column, as CipherSweet
   * derives them, so equal values in two columns never share an index, and a column's key could be
   * handed to another system without the others.
   */
  public static Prf columnPrf(Prf indexKey, String table, String column)
      throws GeneralSecurityException {
    byte[] derived =
        indexKey.compute(
            AssociatedData.lengthPrefixed("ordersync blind index v1", table, column), 32);
    try {
      return PrfHmacJce.create(
          HmacPrfKey.builder()
              .setParameters(HMAC_SHA256_PRF)
              .setKeyBytes(SecretBytes.copyFrom(derived, InsecureSecretKeyAccess.get()))
              .build());
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  /** A fresh random subject key; the caller wraps it and then wipes the array. */
  public static byte[] newSubjectKeyBytes() {
    byte[] key = new byte[SUBJECT_KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /** A random, non-zero id for a new subject key. */
  public static int newSubjectKeyId() {
    int id;
    do {
      id = RANDOM.nextInt();
    } while (id == 0);
    return id;
  }

  /**
   * AES-256-GCM over raw key bytes (a subject key, a KMS data key); the caller wipes the array
   * afterwards.
   */
  public static Aead aes256Gcm(byte[] keyBytes) throws GeneralSecurityException {
    return AesGcmJce.create(
        AesGcmKey.builder()
            .setParameters(AES256_GCM)
            .setKeyBytes(SecretBytes.copyFrom(keyBytes, InsecureSecretKeyAccess.get()))
            .build());
  }
}
