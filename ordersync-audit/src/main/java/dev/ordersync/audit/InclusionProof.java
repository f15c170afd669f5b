package dev.ordersync.audit;

import dev.ordersync.audit.internal.Canonical;
import dev.ordersync.audit.internal.Merkle;
import java.util.List;

/**
 * Proof that record #{@code sequence} is in the tree of a checkpoint of {@code treeSize} records:
 * its RFC 6962 audit path. Anyone holding the record, the proof and the signed checkpoint can check
 * it without the rest of the log.
 */
public record InclusionProof(long sequence, long treeSize, List<Hash> path) {
  public InclusionProof {
    if (sequence < 1 || sequence > treeSize) {
      throw new IllegalArgumentException(
          "record #" + sequence + " is not in a tree of " + treeSize);
    }
    path = List.copyOf(path);
  }

  /**
   * True if {@code record}, exactly as given, is record #{@link #sequence()} of the tree {@code
   * checkpoint} signs.
   */
  public boolean verify(AuditRecord record, Checkpoint checkpoint) {
    if (record.sequence() != sequence || checkpoint.size() != treeSize) {
      return false;
    }
    byte[] leaf = Merkle.leafHash(Canonical.encode(Records.raw(record)));
    return Merkle.verifyInclusion(
        leaf,
        sequence - 1,
        treeSize,
        path.stream().map(Hash::bytes).toList(),
        checkpoint.root().bytes());
  }
}
