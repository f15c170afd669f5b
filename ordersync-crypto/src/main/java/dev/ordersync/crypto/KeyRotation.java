package dev.ordersync.crypto;

import com.google.crypto.tink.KeysetHandle;
import dev.ordersync.crypto.internal.TinkKeys;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Rotation of one keyset without downtime, in Tink's order:
 *
 * <ol>
 *   <li>{@link #addKey()}: the new key can decrypt but does not encrypt yet; {@link
 *       FieldCrypto#reload()} every instance (or restart them), so that all of them can read what
 *       the new key will write;
 *   <li>{@link #promote(int)}: the new key encrypts from now on (reload again); older keys still
 *       decrypt;
 *   <li>{@link FieldCrypto#rewrap(RewrapSource)} over every table (and the subject keys) until a
 *       pass reports {@link RewrapProgress#safeToRetire()};
 *   <li>{@link #retireKeysBelow(int)}: the minimum decryption version; a read under a retired key
 *       is a {@link RetiredKeyException}.
 * </ol>
 *
 * Each step is saved to the key store at once. Run rotation steps from one place at a time.
 */
public final class KeyRotation {
  private final FieldCrypto crypto;
  private final String keyset;

  KeyRotation(FieldCrypto crypto, String keyset) {
    this.crypto = crypto;
    this.keyset = keyset;
  }

  /** Adds a new key, active for decryption only, and returns its version. */
  public int addKey() {
    KeysetHandle next =
        crypto.rotate(
            keyset,
            current -> {
              try {
                return TinkKeys.withNewKey(
                    current,
                    keyset.equals(Keyring.FIELDS) ? TinkKeys.AES256_GCM : TinkKeys.HMAC_SHA256_PRF);
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate a key", e);
              }
            });
    return TinkKeys.highestId(next);
  }

  /** Makes an active key the primary: it encrypts (or computes blind indexes) from now on. */
  public void promote(int version) {
    crypto.rotate(keyset, current -> step(() -> TinkKeys.withPrimary(current, version)));
  }

  /**
   * Sets the minimum decryption version: every key below {@code version} is retired and no longer
   * decrypts (for the blind-index keyset: look-ups stop computing under it). Retired keys stay in
   * the keyset, disabled, so this is reversible by editing the keyset, but values under them are
   * unreadable until then. Run the rewrap job first.
   */
  public void retireKeysBelow(int version) {
    crypto.rotate(keyset, current -> step(() -> TinkKeys.withKeysDisabledBelow(current, version)));
  }

  public int primaryVersion() {
    return crypto.keyring().keyset(keyset).getPrimary().getId();
  }

  /** The lowest version that still decrypts. */
  public int minimumVersion() {
    return versions().stream()
        .filter(v -> v.state() != KeyVersion.State.RETIRED)
        .mapToInt(KeyVersion::version)
        .min()
        .orElseThrow();
  }

  /** Every key of the keyset, by version, with its state; no key material. */
  public List<KeyVersion> versions() {
    return Keyring.versions(crypto.keyring().keyset(keyset));
  }

  private interface Step {
    KeysetHandle apply() throws GeneralSecurityException;
  }

  private static KeysetHandle step(Step step) {
    try {
      return step.apply();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "KeyRotation[" + keyset + " " + versions() + "]";
  }
}
