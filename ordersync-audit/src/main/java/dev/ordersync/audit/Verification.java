package dev.ordersync.audit;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a verification found: nothing, or exactly what happened to which records.
 *
 * @param records how many sealed records were read
 * @param findings in order of sequence number; empty if the log is intact
 */
public record Verification(long records, List<Finding> findings) {
  public Verification {
    findings = List.copyOf(findings);
  }

  public boolean intact() {
    return findings.isEmpty();
  }

  /**
   * One thing wrong with the log.
   *
   * @param sequence where: the record's sequence number as it is stored now, or for DELETED and
   *     TRUNCATED the missing one, or for CHECKPOINT_MISMATCH the size of the checkpoint no longer
   *     reached
   * @param recordId the record concerned, when there is one (absent for what is missing)
   * @param detail a sentence for people
   */
  public record Finding(Kind kind, long sequence, UUID recordId, String detail) {
    public Finding {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
    }
  }

  public enum Kind {
    /** The record's contents (or its hash) were changed since it was sealed. */
    MODIFIED,
    /** A record in the middle of the log is gone. */
    DELETED,
    /** A record that the sealer never wrote sits in the log. */
    INSERTED,
    /** The record is intact but was moved from its place (its original place is in the detail). */
    REORDERED,
    /**
     * The log ends before the size a signed checkpoint vouches for: records from this one on are
     * gone.
     */
    TRUNCATED,
    /**
     * The records up to a checkpoint's size no longer hash to its signed root, though every record
     * still links to the one before: the chain was recomputed after a change somewhere in the range
     * the detail names.
     */
    CHECKPOINT_MISMATCH
  }
}
