package dev.ordersync.audit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6962 hashing and proofs, against a reference written the slowest, plainest way from the RFC's
 * text.
 */
class MerkleTest {
  private static final int MAX = 24;

  static List<byte[]> leaves(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Merkle.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /**
   * MTH straight from RFC 6962 2.1: split at the largest power of two smaller than n, found by
   * counting up.
   */
  static byte[] referenceRoot(List<byte[]> d) {
    if (d.isEmpty()) {
      return sha256(new byte[0]);
    }
    if (d.size() == 1) {
      return d.get(0);
    }
    int k = 1;
    while (k * 2 < d.size()) {
      k *= 2;
    }
    byte[] left = referenceRoot(d.subList(0, k));
    byte[] right = referenceRoot(d.subList(k, d.size()));
    byte[] joined = new byte[65];
    joined[0] = 1;
    System.arraycopy(left, 0, joined, 1, 32);
    System.arraycopy(right, 0, joined, 33, 32);
    return sha256(joined);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void leavesAndNodesAreDomainSeparated() {
    byte[] data = "x".getBytes(StandardCharsets.UTF_8);
    byte[] withZero = new byte[] {0, 'x'};
    assertArrayEquals(sha256(withZero), Merkle.leafHash(data));
    assertFalse(
        Arrays.equals(Merkle.leafHash(new byte[64]), Merkle.nodeHash(new byte[32], new byte[32])));
  }

  @Test
  void theEmptyTreeHashesTheEmptyString() {
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        HexFormat.of().formatHex(Merkle.root(List.of(), 0)));
  }

  @Test
  void treeHashesMatchTheReferenceForEverySizeUpTo24() {
    List<byte[]> all = leaves(MAX);
    for (int n = 1; n <= MAX; n++) {
      assertArrayEquals(referenceRoot(all.subList(0, n)), Merkle.root(all, n), "size " + n);
    }
  }

  @Test
  void theFrontierGivesTheSameRootAtEverySizeAndSurvivesARestore() {
    List<byte[]> all = leaves(MAX);
    Merkle.Frontier f = new Merkle.Frontier();
    for (int n = 1; n <= MAX; n++) {
      f.append(all.get(n - 1));
      assertArrayEquals(referenceRoot(all.subList(0, n)), f.root(), "size " + n);
      Merkle.Frontier restored = Merkle.Frontier.restore(n, f.serialize());
      assertArrayEquals(f.root(), restored.root());
      if (n < MAX) {
        restored.append(all.get(n));
        assertArrayEquals(referenceRoot(all.subList(0, n + 1)), restored.root());
      }
    }
  }

  @Test
  void everyLeafIsProvenInEveryTreeThatHoldsIt() {
    List<byte[]> all = leaves(MAX);
    for (int n = 1; n <= MAX; n++) {
      byte[] root = Merkle.root(all, n);
      for (int m = 0; m < n; m++) {
        List<byte[]> path = Merkle.inclusionPath(all, m, n);
        assertTrue(Merkle.verifyInclusion(all.get(m), m, n, path, root), m + " in " + n);
      }
    }
  }

  @Test
  void aTamperedInclusionProofFails() {
    List<byte[]> all = leaves(MAX);
    for (int n = 2; n <= MAX; n++) {
      byte[] root = Merkle.root(all, n);
      for (int m = 0; m < n; m++) {
        List<byte[]> path = Merkle.inclusionPath(all, m, n);
        int other = (m + 1) % n;
        assertFalse(
            Merkle.verifyInclusion(all.get(other), m, n, path, root), "another leaf at " + m);
        assertFalse(
            Merkle.verifyInclusion(all.get(m), other, n, path, root), "another index for " + m);
        if (n < MAX) {
          assertFalse(
              Merkle.verifyInclusion(all.get(m), m, n + 1, path, Merkle.root(all, n + 1)),
              "a grown tree");
        }
        assertFalse(
            Merkle.verifyInclusion(all.get(m), m, n, path, Merkle.root(all, n - 1)),
            "another root");
        for (int i = 0; i < path.size(); i++) {
          List<byte[]> bent = new ArrayList<>(path);
          byte[] flipped = bent.get(i).clone();
          flipped[0] ^= 1;
          bent.set(i, flipped);
          assertFalse(
              Merkle.verifyInclusion(all.get(m), m, n, bent, root), "node " + i + " changed");
        }
        if (!path.isEmpty()) {
          assertFalse(
              Merkle.verifyInclusion(all.get(m), m, n, path.subList(0, path.size() - 1), root),
              "shortened");
        }
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(root);
        assertFalse(Merkle.verifyInclusion(all.get(m), m, n, longer, root), "lengthened");
      }
    }
  }

  @Test
  void everyTreeIsProvenToExtendEverySmallerOne() {
    List<byte[]> all = leaves(MAX);
    for (int n = 1; n <= MAX; n++) {
      for (int m = 0; m <= n; m++) {
        List<byte[]> proof = Merkle.consistencyProof(all, m, n);
        assertTrue(
            Merkle.verifyConsistency(m, n, Merkle.root(all, m), Merkle.root(all, n), proof),
            m + " to " + n);
      }
    }
  }

  @Test
  void aTamperedConsistencyProofFails() {
    List<byte[]> all = leaves(MAX);
    List<byte[]> forked = new ArrayList<>(all);
    forked.set(0, Merkle.leafHash("forged".getBytes(StandardCharsets.UTF_8)));
    for (int n = 2; n <= MAX; n++) {
      byte[] newRoot = Merkle.root(all, n);
      for (int m = 1; m < n; m++) {
        byte[] oldRoot = Merkle.root(all, m);
        List<byte[]> proof = Merkle.consistencyProof(all, m, n);
        assertFalse(
            Merkle.verifyConsistency(m, n, Merkle.root(forked, m), newRoot, proof),
            "forked old " + m);
        assertFalse(
            Merkle.verifyConsistency(m, n, oldRoot, Merkle.root(forked, n), proof),
            "forked new " + n);
        assertFalse(Merkle.verifyConsistency(m, n, newRoot, oldRoot, proof), "roots swapped");
        if (m + 1 < n) {
          assertFalse(
              Merkle.verifyConsistency(m + 1, n, oldRoot, newRoot, proof), "other old size");
        }
        for (int i = 0; i < proof.size(); i++) {
          List<byte[]> bent = new ArrayList<>(proof);
          byte[] flipped = bent.get(i).clone();
          flipped[31] ^= 1;
          bent.set(i, flipped);
          assertFalse(
              Merkle.verifyConsistency(m, n, oldRoot, newRoot, bent),
              m + " to " + n + " node " + i);
        }
        assertFalse(
            Merkle.verifyConsistency(m, n, oldRoot, newRoot, proof.subList(0, proof.size() - 1)),
            "short");
      }
    }
  }

  @Test
  void proofsHaveTheSizesTheRfcExamplesGive() {
    // RFC 6962 2.1.3: in a tree of 7 leaves, leaf a (0) needs 3 nodes, d (3) needs 3, and the
    // consistency proof from
    // 3 to 7 has 4 nodes, from 4 to 7 one node, from 6 to 7 three.
    List<byte[]> all = leaves(7);
    assertEquals(3, Merkle.inclusionPath(all, 0, 7).size());
    assertEquals(3, Merkle.inclusionPath(all, 3, 7).size());
    assertEquals(2, Merkle.inclusionPath(all, 6, 7).size());
    assertEquals(4, Merkle.consistencyProof(all, 3, 7).size());
    assertEquals(1, Merkle.consistencyProof(all, 4, 7).size());
    assertEquals(3, Merkle.consistencyProof(all, 6, 7).size());
  }
}
