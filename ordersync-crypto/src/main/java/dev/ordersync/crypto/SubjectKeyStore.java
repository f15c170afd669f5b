package dev.ordersync.crypto;

import java.util.Optional;

/**
 * Where the caller keeps each subject's key, wrapped (encrypted) by the field keyset, so this store
 * never holds a usable key on its own. Typically a table {@code subject_keys(subject_id primary
 * key, wrapped_key bytea)}. Deleting a subject's row is crypto-shredding: every value encrypted for
 * that subject becomes unreadable, wherever it is stored, while everything else stays readable.
 * Backups of this table keep the subject's key alive until they expire, so keep them for a bounded
 * time.
 *
 * <p>Wrapped keys are stored values like any other ({@link FieldContext#subjectKey(String)}), so a
 * {@link RewrapSource} over this table moves them to a new field key before older field keys are
 * retired.
 */
public interface SubjectKeyStore {
  /** The subject's wrapped key, or empty if it has none (never had one, or was shredded). */
  Optional<byte[]> find(String subjectId);

  /**
   * Stores the wrapped key unless the subject already has one, and returns the wrapped key stored
   * afterwards: the given one, or the one another instance stored first ({@code insert ... on
   * conflict do nothing}, then select).
   */
  byte[] putIfAbsent(String subjectId, byte[] wrappedKey);

  /** Deletes the subject's wrapped key; true if there was one. */
  boolean delete(String subjectId);

  /**
   * A store in this process's memory, for tests and examples: its keys are lost when the process
   * ends.
   */
  static SubjectKeyStore inMemory() {
    return new InMemorySubjectKeyStore();
  }
}
