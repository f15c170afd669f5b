package dev.ordersync.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import dev.ordersync.crypto.internal.TinkKeys;
import dev.ordersync.crypto.internal.WireFormat;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Column encryption for one application: the {@link FieldCipher} for values, {@link BlindIndex}es
 * for equality look-ups, key rotation with a {@link RewrapJob}, and crypto-shredding of a subject's
 * data. Open one per process and share it; it is thread-safe.
 *
 * <pre>{@code
 * FieldCrypto crypto = FieldCrypto.open(KeysetStore.localCleartext(Path.of("keys")));
 * FieldContext ctx = FieldContext.of("users", "email", userId);
 * byte[] stored = crypto.encryptString("kim@example.kr", ctx);
 * String email = crypto.decryptString(stored, ctx);
 * }</pre>
 */
public final class FieldCrypto implements FieldCipher {
  private final KeysetStore store;
  private final SubjectKeys subjects;
  private final Object rotationLock = new Object();
  private volatile Keyring keyring;

  private FieldCrypto(Builder builder) {
    this.store = builder.keysetStore;
    this.keyring = Keyring.of(loadOrCreate(Keyring.FIELDS), loadOrCreate(Keyring.BLIND_INDEX));
    this.subjects =
        new SubjectKeys(
            builder.subjectKeyStore,
            this,
            builder.cacheEntries,
            builder.cacheMaxAge,
            builder.clock);
  }

  /**
   * Opens the keysets of {@code keysetStore}, creating them on first use; no subject keys (no
   * shredding).
   */
  public static FieldCrypto open(KeysetStore keysetStore) {
    return builder().keysetStore(keysetStore).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * How a {@link FieldCrypto} is built: a key store, and optionally a subject-key store for
   * crypto-shredding.
   */
  public static final class Builder {
    private KeysetStore keysetStore;
    private SubjectKeyStore subjectKeyStore;
    private int cacheEntries = 10_000;
    private Duration cacheMaxAge = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Required: where the master keysets live. */
    public Builder keysetStore(KeysetStore keysetStore) {
      this.keysetStore = Objects.requireNonNull(keysetStore, "keysetStore");
      return this;
    }

    /**
     * Where subjects' wrapped keys live; needed to encrypt for a subject ({@link
     * FieldContext#forSubject}).
     */
    public Builder subjectKeyStore(SubjectKeyStore subjectKeyStore) {
      this.subjectKeyStore = Objects.requireNonNull(subjectKeyStore, "subjectKeyStore");
      return this;
    }

    /**
     * Bounds the cache of unwrapped subject keys (default 10,000 subjects, 5 minutes). The age is
     * also how long other instances may still read a subject's data after it was shredded on one of
     * them.
     */
    public Builder subjectKeyCache(int maxEntries, Duration maxAge) {
      if (maxEntries < 0 || maxAge.isNegative()) {
        throw new IllegalArgumentException(
            "the subject key cache needs maxEntries >= 0 and maxAge >= 0");
      }
      this.cacheEntries = maxEntries;
      this.cacheMaxAge = maxAge;
      return this;
    }

    /** The clock of the subject key cache's age bound; a test seam. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Opens the keysets, creating them on first use. */
    public FieldCrypto build() {
      if (keysetStore == null) {
        throw new IllegalStateException("a FieldCrypto needs a keysetStore");
      }
      return new FieldCrypto(this);
    }
  }

  @Override
  public byte[] encrypt(byte[] plaintext, FieldContext context) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(context, "context");
    if (context.subject().isPresent()) {
      SubjectKeys.SubjectKey key = subjects.forEncryption(context.subject().get());
      return seal(
          key.aead(),
          new WireFormat.Header(WireFormat.KIND_SUBJECT_KEY, key.id()),
          plaintext,
          context);
    }
    Keyring keys = keyring;
    return seal(
        keys.primaryFieldAead(),
        new WireFormat.Header(WireFormat.KIND_FIELD_KEY, keys.fieldPrimary),
        plaintext,
        context);
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, FieldContext context) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(context, "context");
    WireFormat.Header header = header(ciphertext, context);
    Aead aead;
    if (header.kind() == WireFormat.KIND_FIELD_KEY) {
      if (context.subject().isPresent()) {
        throw new DecryptionFailedException(
            "the value read as "
                + context
                + " was not encrypted for a subject, but the context names one: it"
                + " belongs elsewhere");
      }
      aead = fieldKey(header.keyId(), context);
    } else {
      String subject =
          context
              .subject()
              .orElseThrow(
                  () ->
                      new DecryptionFailedException(
                          "the value read as "
                              + context
                              + " was encrypted for a subject, but the context names"
                              + " none: it belongs elsewhere, or the context lacks forSubject(...)"));
      aead =
          subjects
              .forDecryption(subject, header.keyId())
              .orElseThrow(
                  () ->
                      new ShreddedException(
                          "the value read as "
                              + context
                              + " is unreadable: subject "
                              + subject
                              + " no longer holds the key it was encrypted under, so the subject was"
                              + " crypto-shredded (unless the context names another subject than the value's)",
                          subject))
              .aead();
    }
    try {
      return aead.decrypt(
          WireFormat.body(ciphertext),
          context.associatedData(Arrays.copyOf(ciphertext, WireFormat.HEADER_BYTES)));
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException(
          "the value read as "
              + context
              + " does not decrypt: it was altered, or it was written for another"
              + " table, column, row or subject");
    }
  }

  /**
   * A blind index of one column, {@code bits} long: HMAC-SHA256 under that column's own key,
   * truncated. Choose {@code bits} with {@link BlindIndexPlanner#bits(long, int)}, and keep it:
   * stored indexes only match their length.
   */
  public BlindIndex blindIndex(String table, String column, int bits) {
    return new BlindIndex(this, table, column, bits);
  }

  /**
   * Creates the key of a subject that has just come into being (an id generated a moment ago), so
   * that its first value is encrypted without a look-up in the subject key store first. Optional:
   * {@link #encrypt} creates a missing key by itself, at the cost of that look-up. A subject that
   * has a key after all keeps it: the stored key always wins.
   */
  public void createSubjectKey(String subjectId) {
    Objects.requireNonNull(subjectId, "subjectId");
    subjects.forNewSubject(subjectId);
  }

  /**
   * Crypto-shredding: destroys the subject's key, so every value ever encrypted for the subject
   * becomes permanently unreadable ({@link ShreddedException}), wherever it is stored; nothing else
   * is affected. Other instances stop using the key within the subject key cache's age.
   * Irreversible. Returns false if the subject had no key.
   */
  public boolean shredSubject(String subjectId) {
    Objects.requireNonNull(subjectId, "subjectId");
    return subjects.shred(subjectId);
  }

  /** Rotation of the field keyset (values and subject keys). */
  public KeyRotation fieldKeys() {
    return new KeyRotation(this, Keyring.FIELDS);
  }

  /** Rotation of the blind-index keyset. */
  public KeyRotation blindIndexKeys() {
    return new KeyRotation(this, Keyring.BLIND_INDEX);
  }

  /**
   * A job that moves the values of {@code source} to the primary field key, 500 values per batch.
   */
  public RewrapJob rewrap(RewrapSource source) {
    return rewrap(source, 500);
  }

  public RewrapJob rewrap(RewrapSource source, int batchSize) {
    return new RewrapJob(this, Objects.requireNonNull(source, "source"), batchSize);
  }

  /**
   * Reads the keysets from the key store again: after another instance rotated keys. With AWS KMS
   * this costs one {@code Decrypt} call per keyset.
   */
  public void reload() {
    synchronized (rotationLock) {
      keyring = Keyring.of(require(Keyring.FIELDS), require(Keyring.BLIND_INDEX));
    }
  }

  @Override
  public String toString() {
    return "FieldCrypto[" + keyring + "; " + store + "; subject keys: " + subjects + "]";
  }

  Keyring keyring() {
    return keyring;
  }

  /** What {@link RewrapJob} does with one value. */
  enum Rewrap {
    REWRAPPED,
    ALREADY_CURRENT,
    UNDER_SUBJECT_KEY
  }

  record Rewrapped(Rewrap outcome, byte[] ciphertext) {}

  Rewrapped rewrap(byte[] ciphertext, FieldContext context) {
    WireFormat.Header header = header(ciphertext, context);
    if (header.kind() == WireFormat.KIND_SUBJECT_KEY) {
      return new Rewrapped(Rewrap.UNDER_SUBJECT_KEY, null);
    }
    Keyring keys = keyring;
    if (header.keyId() == keys.fieldPrimary) {
      return new Rewrapped(Rewrap.ALREADY_CURRENT, null);
    }
    byte[] plaintext = decrypt(ciphertext, context);
    try {
      return new Rewrapped(
          Rewrap.REWRAPPED,
          seal(
              keys.primaryFieldAead(),
              new WireFormat.Header(WireFormat.KIND_FIELD_KEY, keys.fieldPrimary),
              plaintext,
              context));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * One rotation step on the named keyset. It starts from what the store holds now, not from this
   * instance's copy, so steps taken on different instances (add on one, promote on another) do not
   * undo each other.
   */
  KeysetHandle rotate(String name, UnaryOperator<KeysetHandle> step) {
    synchronized (rotationLock) {
      KeysetHandle next = step.apply(require(name));
      Keyring updated = keyring.with(name, next);
      try {
        store.save(name, next);
      } catch (CryptoException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new KeyAccessException("the key store failed to save the keyset '" + name + "'", e);
      }
      keyring = updated;
      return next;
    }
  }

  private static byte[] seal(
      Aead aead, WireFormat.Header header, byte[] plaintext, FieldContext context) {
    byte[] h = header.bytes();
    try {
      return WireFormat.join(h, aead.encrypt(plaintext, context.associatedData(h)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed for " + context, e);
    }
  }

  private static WireFormat.Header header(byte[] ciphertext, FieldContext context) {
    try {
      return WireFormat.parse(ciphertext);
    } catch (WireFormat.FormatException e) {
      throw new MalformedCiphertextException(
          "the value read as " + context + " is " + e.getMessage());
    }
  }

  private Aead fieldKey(int version, FieldContext context) {
    Keyring keys = keyring;
    Aead aead = keys.fieldAead(version);
    if (aead != null) {
      return aead;
    }
    String what = context.isSubjectKey() ? "the " + context : "the value read as " + context;
    if (keys.isRetiredFieldKey(version)) {
      throw new RetiredKeyException(
          what
              + " is under field key version "
              + version
              + ", which was retired (minimum decryption version "
              + keys.minimumFieldVersion()
              + "): the rewrap job missed it, or it comes from an old backup",
          version);
    }
    throw new UnknownKeyException(
        what
            + " is under field key version "
            + Integer.toUnsignedString(version)
            + ", which this keyset does not hold"
            + (version > keys.fieldPrimary ? " (added by another instance? reload the keys)" : ""),
        version);
  }

  private KeysetHandle loadOrCreate(String name) {
    try {
      return store.load(name).orElseGet(() -> store.createIfAbsent(name, newKeyset(name)));
    } catch (CryptoException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KeyAccessException("the key store failed to load the keyset '" + name + "'", e);
    }
  }

  private KeysetHandle require(String name) {
    try {
      return store
          .load(name)
          .orElseThrow(
              () ->
                  new KeyAccessException("the keyset '" + name + "' is gone from " + store, null));
    } catch (CryptoException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KeyAccessException("the key store failed to load the keyset '" + name + "'", e);
    }
  }

  private static KeysetHandle newKeyset(String name) {
    try {
      return TinkKeys.newKeyset(
          name.equals(Keyring.FIELDS) ? TinkKeys.AES256_GCM : TinkKeys.HMAC_SHA256_PRF);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a keyset", e);
    }
  }
}
