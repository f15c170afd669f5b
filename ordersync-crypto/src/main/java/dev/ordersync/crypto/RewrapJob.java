package dev.ordersync.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Re-encrypts the values of one {@link RewrapSource} under the primary field key, in batches, while
 * the application runs. Resumable: after each batch the position is saved through the source, and a
 * job started after a crash goes on from there. Idempotent: a value already under the primary is
 * left alone, and a replace is a compare-and-set, so running the job again (or two at once) only
 * costs reads.
 *
 * <p>The checkpoint records the key version it rewraps to; if another key was promoted since, the
 * pass starts over, since values before the saved position are not under the new key.
 */
public final class RewrapJob {
  private static final String CHECKPOINT_PREFIX = "rewrap/1 v";

  private final FieldCrypto crypto;
  private final RewrapSource source;
  private final int batchSize;
  private RewrapProgress progress;
  private boolean started;

  RewrapJob(FieldCrypto crypto, RewrapSource source, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    this.crypto = crypto;
    this.source = source;
    this.batchSize = batchSize;
    this.progress =
        new RewrapProgress(crypto.keyring().fieldPrimary, 0, 0, 0, 0, 0, 0, null, false, false);
  }

  /** Runs batches until the pass is done; returns the final progress. */
  public RewrapProgress run() {
    return run(p -> {});
  }

  /**
   * Runs batches until the pass is done, reporting after each one (to log progress, or to pace the
   * job).
   */
  public RewrapProgress run(Consumer<RewrapProgress> afterEachBatch) {
    while (!progress().done()) {
      afterEachBatch.accept(runBatch());
    }
    return progress();
  }

  /** Runs one batch: reads a page, rewraps what is not under the primary, saves the checkpoint. */
  public synchronized RewrapProgress runBatch() {
    if (progress.done()) {
      return progress;
    }
    int target = crypto.keyring().fieldPrimary;
    progress = rewrapPage(startingPoint(target), target);
    return progress;
  }

  /**
   * Where this batch reads from: on the first batch the saved checkpoint, if it is one for this key
   * version; after a key was promoted, the start; otherwise where the last batch stopped.
   */
  private RewrapProgress startingPoint(int target) {
    String cursor = progress.cursor();
    boolean resumed = progress.resumed();
    if (!started) {
      started = true;
      String saved = source.checkpoint().orElse(null);
      String savedCursor = cursorFrom(saved, target);
      if (savedCursor != null) {
        cursor = savedCursor;
        resumed = true;
      }
    } else if (target != progress.keyVersion()) {
      cursor = null;
      resumed = false;
    }
    return new RewrapProgress(
        progress.keyVersion(),
        progress.scanned(),
        progress.rewrapped(),
        progress.alreadyCurrent(),
        progress.underSubjectKeys(),
        progress.conflicts(),
        progress.unreadable(),
        cursor,
        resumed,
        false);
  }

  /** Rewraps one page after {@code from}, saves the checkpoint and returns the counts so far. */
  private RewrapProgress rewrapPage(RewrapProgress from, int target) {
    String cursor = from.cursor();
    long scanned = from.scanned();
    long rewrapped = from.rewrapped();
    long current = from.alreadyCurrent();
    long subject = from.underSubjectKeys();
    long conflicts = from.conflicts();
    long unreadable = from.unreadable();
    List<StoredValue> page = source.page(cursor, batchSize);
    for (StoredValue value : page) {
      scanned++;
      try {
        FieldCrypto.Rewrapped result = crypto.rewrap(value.ciphertext(), value.context());
        switch (result.outcome()) {
          case ALREADY_CURRENT -> current++;
          case UNDER_SUBJECT_KEY -> subject++;
          case REWRAPPED -> {
            if (source.replace(value, result.ciphertext())) {
              rewrapped++;
            } else {
              conflicts++;
            }
          }
        }
      } catch (CryptoException e) {
        unreadable++;
        source.unreadable(value, e);
      }
      cursor = value.cursor();
    }
    boolean done = page.size() < batchSize;
    source.saveCheckpoint(done ? null : checkpoint(target, cursor));
    return new RewrapProgress(
        target,
        scanned,
        rewrapped,
        current,
        subject,
        conflicts,
        unreadable,
        cursor,
        from.resumed(),
        done);
  }

  public synchronized RewrapProgress progress() {
    return progress;
  }

  private static String checkpoint(int version, String cursor) {
    return CHECKPOINT_PREFIX
        + version
        + " "
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The saved cursor if the checkpoint is one of ours for this key version; otherwise the pass
   * starts over.
   */
  private static String cursorFrom(String checkpoint, int version) {
    String prefix = CHECKPOINT_PREFIX + version + " ";
    if (checkpoint == null || !checkpoint.startsWith(prefix)) {
      return null;
    }
    try {
      return new String(
          Base64.getUrlDecoder().decode(checkpoint.substring(prefix.length())),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "RewrapJob[" + progress + "]";
  }
}
