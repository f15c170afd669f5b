package dev.ordersync.audit.internal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 Merkle tree hashing and proofs (section 2.1), with the verification algorithms of RFC
 * 9162 (sections 2.1.3.2 and 2.1.4.2), over leaf hashes held by the caller. Indexes are 0-based
 * here; record #1 is leaf 0.
 */
public final class Merkle {
  private static final byte[] EMPTY_ROOT = Sha256.of();

  private Merkle() {}

  /** SHA-256(0x00 || data). */
  public static byte[] leafHash(byte[] data) {
    MessageDigest d = Sha256.newDigest();
    d.update((byte) 0x00);
    d.update(data);
    return d.digest();
  }

  /** SHA-256(0x01 || left || right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest d = Sha256.newDigest();
    d.update((byte) 0x01);
    d.update(left);
    d.update(right);
    return d.digest();
  }

  /** The Merkle tree hash of the first {@code size} leaves: MTH(D[0:size]). */
  public static byte[] root(List<byte[]> leaves, long size) {
    checkSize(leaves, size);
    return size == 0 ? EMPTY_ROOT.clone() : mth(leaves, 0, (int) size);
  }

  /**
   * PATH(index, D[0:size]): the audit path proving that leaf {@code index} is in the tree of {@code
   * size} leaves.
   */
  public static List<byte[]> inclusionPath(List<byte[]> leaves, long index, long size) {
    checkSize(leaves, size);
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
    }
    List<byte[]> path = new ArrayList<>();
    path(leaves, (int) index, 0, (int) size, path);
    return path;
  }

  /**
   * PROOF(m, D[0:n]): the proof that the tree of {@code n} leaves extends the tree of its first
   * {@code m}.
   */
  public static List<byte[]> consistencyProof(List<byte[]> leaves, long m, long n) {
    checkSize(leaves, n);
    if (m < 0 || m > n) {
      throw new IllegalArgumentException(
          "a tree of " + m + " cannot be a prefix of a tree of " + n);
    }
    List<byte[]> proof = new ArrayList<>();
    if (m > 0 && m < n) {
      subproof(leaves, (int) m, 0, (int) n, true, proof);
    }
    return proof;
  }

  /** RFC 9162 2.1.3.2. */
  public static boolean verifyInclusion(
      byte[] leafHash, long index, long size, List<byte[]> path, byte[] root) {
    if (index < 0 || index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /** RFC 9162 2.1.4.2, plus the trivial cases it leaves out: an empty old tree, and equal sizes. */
  public static boolean verifyConsistency(
      long m, long n, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (m < 0 || m > n) {
      return false;
    }
    if (m == n) {
      return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
    }
    if (m == 0) {
      return proof.isEmpty();
    }
    if (proof.isEmpty()) {
      return false;
    }
    List<byte[]> path = new ArrayList<>(proof);
    if (Long.bitCount(m) == 1) {
      path.add(0, oldRoot);
    }
    long fn = m - 1;
    long sn = n - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
  }

  /** The largest power of two smaller than {@code n} (n > 1): RFC 6962's split point. */
  static int split(int n) {
    return Integer.highestOneBit(n - 1);
  }

  private static byte[] mth(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    int k = split(n);
    return nodeHash(mth(leaves, from, from + k), mth(leaves, from + k, to));
  }

  private static void path(List<byte[]> leaves, int m, int from, int to, List<byte[]> out) {
    int n = to - from;
    if (n == 1) {
      return;
    }
    int k = split(n);
    if (m < k) {
      path(leaves, m, from, from + k, out);
      out.add(mth(leaves, from + k, to));
    } else {
      path(leaves, m - k, from + k, to, out);
      out.add(mth(leaves, from, from + k));
    }
  }

  private static void subproof(
      List<byte[]> leaves, int m, int from, int to, boolean whole, List<byte[]> out) {
    int n = to - from;
    if (m == n) {
      if (!whole) {
        out.add(mth(leaves, from, to));
      }
      return;
    }
    int k = split(n);
    if (m <= k) {
      subproof(leaves, m, from, from + k, whole, out);
      out.add(mth(leaves, from + k, to));
    } else {
      subproof(leaves, m - k, from + k, to, false, out);
      out.add(mth(leaves, from, from + k));
    }
  }

  private static void checkSize(List<byte[]> leaves, long size) {
    if (size < 0 || size > leaves.size()) {
      throw new IllegalArgumentException(
          "a tree of " + size + " needs that many leaves; have " + leaves.size());
    }
  }

  /**
   * The right edge of a growing tree: the roots of its perfect subtrees, largest first (one per set
   * bit of the size). Appending a leaf and reading the root cost O(log n), which is how checkpoints
   * are made without rereading the log.
   */
  public static final class Frontier {
    private final List<byte[]> stack;
    private long size;

    public Frontier() {
      this(0, new ArrayList<>());
    }

    private Frontier(long size, List<byte[]> stack) {
      this.size = size;
      this.stack = stack;
    }

    /** Reads back what {@link #serialize()} wrote for a tree of {@code size} leaves. */
    public static Frontier restore(long size, byte[] serialized) {
      if (size < 0 || serialized.length != 32 * Long.bitCount(size)) {
        throw new IllegalArgumentException(
            "a frontier of a tree of " + size + " holds " + Long.bitCount(size) + " hashes");
      }
      List<byte[]> stack = new ArrayList<>();
      for (int i = 0; i < serialized.length; i += 32) {
        stack.add(Arrays.copyOfRange(serialized, i, i + 32));
      }
      return new Frontier(size, stack);
    }

    public void append(byte[] leafHash) {
      stack.add(leafHash);
      size++;
      for (long s = size; (s & 1) == 0; s >>= 1) {
        byte[] right = stack.remove(stack.size() - 1);
        byte[] left = stack.remove(stack.size() - 1);
        stack.add(nodeHash(left, right));
      }
    }

    public long size() {
      return size;
    }

    public byte[] root() {
      if (stack.isEmpty()) {
        return EMPTY_ROOT.clone();
      }
      byte[] r = stack.get(stack.size() - 1);
      for (int i = stack.size() - 2; i >= 0; i--) {
        r = nodeHash(stack.get(i), r);
      }
      return r;
    }

    public byte[] serialize() {
      byte[] out = new byte[32 * stack.size()];
      for (int i = 0; i < stack.size(); i++) {
        System.arraycopy(stack.get(i), 0, out, 32 * i, 32);
      }
      return out;
    }
  }
}
