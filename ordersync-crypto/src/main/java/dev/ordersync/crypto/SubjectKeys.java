package dev.ordersync.crypto;

import com.google.crypto.tink.Aead;
import dev.ordersync.crypto.internal.BoundedCache;
import dev.ordersync.crypto.internal.TinkKeys;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Per-subject data keys: created on a subject's first encrypted value, wrapped by the field keyset
 * and kept by the caller's {@link SubjectKeyStore}, unwrapped into a cache bounded by count and
 * age. The age bound is how long another instance may go on using a key after it was shredded here.
 *
 * <p>Wrapped form: the stored-value format of a field key over {@code key id (4 bytes) || key (32
 * bytes)}, in the context {@link FieldContext#subjectKey(String)}.
 */
final class SubjectKeys {
  /** An unwrapped subject key. Its toString names the id only. */
  record SubjectKey(int id, Aead aead) {
    @Override
    public String toString() {
      return "SubjectKey[id=" + Integer.toUnsignedString(id) + "]";
    }
  }

  private final SubjectKeyStore store;
  private final FieldCipher masterKeys;
  private final BoundedCache<String, SubjectKey> cache;

  SubjectKeys(
      SubjectKeyStore store, FieldCipher masterKeys, int maxEntries, Duration maxAge, Clock clock) {
    this.store = store;
    this.masterKeys = masterKeys;
    this.cache = new BoundedCache<>(maxEntries, maxAge, clock);
  }

  /** The subject's key, created and stored if it has none yet. */
  SubjectKey forEncryption(String subject) {
    SubjectKey key = cache.get(subject, this::load);
    if (key != null) {
      return key;
    }
    return create(subject);
  }

  /**
   * Creates and stores the key of a subject the caller knows to be new, without looking for it in
   * the store first (one store call instead of two). Should the subject have a key after all, the
   * stored one wins, as in {@link #forEncryption(String)}.
   */
  SubjectKey forNewSubject(String subject) {
    SubjectKey cached = cache.get(subject, s -> null);
    return cached != null ? cached : create(subject);
  }

  private SubjectKey create(String subject) {
    byte[] raw = TinkKeys.newSubjectKeyBytes();
    byte[] plain =
        ByteBuffer.allocate(4 + raw.length).putInt(TinkKeys.newSubjectKeyId()).put(raw).array();
    Arrays.fill(raw, (byte) 0);
    byte[] wrapped = masterKeys.encrypt(plain, FieldContext.subjectKey(subject));
    Arrays.fill(plain, (byte) 0);
    SubjectKeyStore store = store();
    byte[] stored;
    try {
      stored = store.putIfAbsent(subject, wrapped);
    } catch (RuntimeException e) {
      throw new KeyAccessException(
          "the subject key store failed to store the key of subject " + subject, e);
    }
    SubjectKey winner = unwrap(subject, stored);
    return cache.get(subject, s -> winner);
  }

  /**
   * The subject's key if it still exists with this id; a stale cached key is reloaded once before
   * giving up.
   */
  Optional<SubjectKey> forDecryption(String subject, int keyId) {
    SubjectKey key = cache.get(subject, this::load);
    if (key != null && key.id() != keyId) {
      cache.remove(subject);
      key = cache.get(subject, this::load);
    }
    return key != null && key.id() == keyId ? Optional.of(key) : Optional.empty();
  }

  boolean shred(String subject) {
    SubjectKeyStore store = store();
    try {
      return store.delete(subject);
    } catch (RuntimeException e) {
      throw new KeyAccessException(
          "the subject key store failed to delete the key of subject " + subject, e);
    } finally {
      cache.remove(subject);
    }
  }

  private SubjectKey load(String subject) {
    SubjectKeyStore store = store();
    Optional<byte[]> wrapped;
    try {
      wrapped = store.find(subject);
    } catch (RuntimeException e) {
      throw new KeyAccessException(
          "the subject key store failed to find the key of subject " + subject, e);
    }
    return wrapped.map(w -> unwrap(subject, w)).orElse(null);
  }

  private SubjectKey unwrap(String subject, byte[] wrapped) {
    byte[] plain = masterKeys.decrypt(wrapped, FieldContext.subjectKey(subject));
    try {
      if (plain.length != 4 + TinkKeys.SUBJECT_KEY_BYTES) {
        throw new KeyAccessException(
            "the stored key of subject " + subject + " has the wrong length", null);
      }
      int id = ByteBuffer.wrap(plain).getInt();
      byte[] raw = Arrays.copyOfRange(plain, 4, plain.length);
      try {
        return new SubjectKey(id, TinkKeys.aes256Gcm(raw));
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException(
          "the stored key of subject " + subject + " is not a usable key", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private SubjectKeyStore store() {
    if (store == null) {
      throw new KeyAccessException(
          "this value is bound to a subject, but FieldCrypto was built without a SubjectKeyStore",
          null);
    }
    return store;
  }

  @Override
  public String toString() {
    return (store == null ? "no subject key store" : store.toString()) + ", cache " + cache;
  }
}
