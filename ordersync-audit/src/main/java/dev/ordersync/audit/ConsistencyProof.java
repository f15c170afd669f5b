package dev.ordersync.audit;

import dev.ordersync.audit.internal.Merkle;
import java.util.List;

/**
 * Proof that the tree of a newer checkpoint starts with exactly the tree of an older one (RFC 6962
 * consistency proof): nothing the older one signed was changed, removed or reordered, only records
 * added after it.
 */
public record ConsistencyProof(long oldSize, long newSize, List<Hash> path) {
  public ConsistencyProof {
    if (oldSize < 0 || oldSize > newSize) {
      throw new IllegalArgumentException(
          "a tree of " + oldSize + " cannot be a prefix of a tree of " + newSize);
    }
    path = List.copyOf(path);
  }

  /**
   * True if {@code newer} extends {@code older}: same log, sizes as proven, and the proof joins
   * both roots.
   */
  public boolean verify(Checkpoint older, Checkpoint newer) {
    return older.origin().equals(newer.origin())
        && older.size() == oldSize
        && newer.size() == newSize
        && Merkle.verifyConsistency(
            oldSize,
            newSize,
            older.root().bytes(),
            newer.root().bytes(),
            path.stream().map(Hash::bytes).toList());
  }
}
