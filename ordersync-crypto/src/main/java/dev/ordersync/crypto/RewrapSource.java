package dev.ordersync.crypto;

import java.util.List;
import java.util.Optional;

/**
 * What the caller implements so that {@link RewrapJob} can move stored values to the primary field
 * key while the application runs: paging in a stable order, a compare-and-set update, and a place
 * for the job's checkpoint. For a table: {@code select id, email from users where id > ? order by
 * id limit ?}, then {@code update users set email = ? where id = ? and email = ?}, and the
 * checkpoint in a one-row table of its own.
 */
public interface RewrapSource {
  /**
   * Up to {@code limit} values after {@code afterCursor} (null: from the start), in the source's
   * stable order.
   */
  List<StoredValue> page(String afterCursor, int limit);

  /**
   * Replaces the value only if it still holds {@code old.ciphertext()}; false if it changed
   * meanwhile (the application wrote it again, under the current key, so there is nothing to do).
   */
  boolean replace(StoredValue old, byte[] newCiphertext);

  /** The checkpoint the job saved last, if any. */
  Optional<String> checkpoint();

  /**
   * Saves the job's checkpoint, an opaque string, after each batch; null clears it when a pass has
   * completed. A job started after a crash resumes from the saved checkpoint.
   */
  void saveCheckpoint(String checkpoint);

  /**
   * Called for a value that cannot be read (altered, under a retired or unknown key); the job
   * counts it and goes on. The exception's message names the value's context and no plaintext, so
   * it may be logged.
   */
  default void unreadable(StoredValue value, CryptoException reason) {}
}
