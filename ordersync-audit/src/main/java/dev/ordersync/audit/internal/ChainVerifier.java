package dev.ordersync.audit.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checks a log against its chain and its signed checkpoints, and when they disagree works out what
 * happened to which record.
 *
 * <p>A first pass streams the records in stored order, checking each record's own hash, its link to
 * the one before, its sequence number, and the Merkle root at every checkpoint size. That is all an
 * intact log costs: O(log n) memory.
 *
 * <p>Only if something is off, a second pass reconstructs the original order. Every record carries
 * evidence of where it was: its hash covers its own sequence number, and its prev_hash names its
 * predecessor. So a record whose hash no longer matches at its current place, but matches at
 * another place (the place after its predecessor, or a few places off), was moved; one that matches
 * nowhere was modified. Knowing each record's original place, a place no record holds was deleted
 * (or the tail cut, past the last record up to a checkpoint's size), a place two records claim
 * holds one intruder, and records whose original order disagrees with their stored order (outside
 * every longest increasing run) were reordered. A rewrite that recomputes every later hash leaves
 * no local trace; then the signed roots still disagree, and the finding is the range between the
 * last checkpoint that holds and the first that does not.
 */
public final class ChainVerifier {
  public enum Kind {
    MODIFIED,
    DELETED,
    INSERTED,
    REORDERED,
    TRUNCATED,
    CHECKPOINT_MISMATCH
  }

  /**
   * What is wrong, at which sequence number, and with which record (null when the record is
   * missing).
   */
  public record Issue(Kind kind, long sequence, java.util.UUID recordId, String detail) {}

  public record Result(long records, List<Issue> issues) {}

  /** A signed tree size and root, already checked against its signature. */
  public record Root(long size, byte[] hash) {}

  /** The stored records, in stored order (by sequence), readable twice. */
  public interface Source<X extends Exception> {
    void forEach(Consumer<RawRecord> each) throws X;
  }

  /** Beyond this many places a moved record is only found through its predecessor. */
  private static final int MAX_SHIFT = 1024;

  /** A run of missing records longer than this is reported as one finding naming the first. */
  private static final int MAX_LISTED_GAP = 1000;

  private static final byte[] ZERO = new byte[32];

  private ChainVerifier() {}

  public static <X extends Exception> Result verify(Source<X> source, List<Root> checkpoints)
      throws X {
    FirstPass first = new FirstPass(checkpoints);
    source.forEach(first::accept);
    Map<Long, Boolean> rootMatches = first.rootMatches();
    long maxSize = checkpoints.stream().mapToLong(Root::size).max().orElse(0);
    boolean rootsHold = rootMatches.values().stream().allMatch(b -> b);
    if (!first.anomalous && rootsHold && maxSize <= first.count) {
      return new Result(first.count, List.of());
    }
    SecondPass second = new SecondPass(maxSize, first.maxStoredSequence);
    source.forEach(second::accept);
    List<Issue> issues = second.classify(rootMatches, first.firstAnomaly);
    return new Result(first.count, issues);
  }

  private static boolean selfConsistent(byte[] prev, byte[] canonical, byte[] hash) {
    return hash != null
        && prev != null
        && MessageDigest.isEqual(Canonical.chainHash(prev, canonical), hash);
  }

  private static final class FirstPass {
    private final Map<Long, List<byte[]>> signedRoots = new TreeMap<>();
    private final Map<Long, byte[]> computedRoots = new HashMap<>();
    private final Merkle.Frontier frontier = new Merkle.Frontier();
    private byte[] prevHash = ZERO;
    private long count;
    private long maxStoredSequence;
    private boolean anomalous;
    private long firstAnomaly = -1;

    FirstPass(List<Root> checkpoints) {
      for (Root r : checkpoints) {
        signedRoots.computeIfAbsent(r.size(), k -> new ArrayList<>()).add(r.hash());
      }
      if (signedRoots.containsKey(0L)) {
        computedRoots.put(0L, frontier.root());
      }
    }

    void accept(RawRecord row) {
      byte[] canonical = Canonical.encode(row);
      count++;
      maxStoredSequence = Math.max(maxStoredSequence, row.sequence());
      boolean ok =
          row.sequence() == count
              && Arrays.equals(row.prevHash(), prevHash)
              && selfConsistent(row.prevHash(), canonical, row.hash());
      if (!ok && !anomalous) {
        anomalous = true;
        firstAnomaly = row.sequence();
      }
      frontier.append(Merkle.leafHash(canonical));
      if (signedRoots.containsKey(count)) {
        computedRoots.put(count, frontier.root());
      }
      prevHash = row.hash() == null ? ZERO : row.hash();
    }

    /** Per checkpoint size within the records read: does every root signed for it match? */
    Map<Long, Boolean> rootMatches() {
      Map<Long, Boolean> out = new TreeMap<>();
      for (Map.Entry<Long, List<byte[]>> e : signedRoots.entrySet()) {
        byte[] computed = computedRoots.get(e.getKey());
        if (computed != null) {
          out.put(
              e.getKey(), e.getValue().stream().allMatch(r -> MessageDigest.isEqual(r, computed)));
        }
      }
      return out;
    }
  }

  private static final class Row {
    final int position;
    final long stored;
    final java.util.UUID id;
    final byte[] prev;
    final byte[] hash;

    /** Kept only for rows whose hash fails at their stored place: to try other places. */
    RawRecord raw;

    boolean resolved;
    boolean intact;
    long original;

    Row(int position, RawRecord raw) {
      this.position = position;
      this.stored = raw.sequence();
      this.id = raw.id();
      this.prev = raw.prevHash() == null ? new byte[0] : raw.prevHash();
      this.hash = raw.hash() == null ? new byte[0] : raw.hash();
      if (selfConsistent(raw.prevHash(), Canonical.encode(raw), raw.hash())) {
        resolved = true;
        intact = true;
        original = stored;
      } else {
        this.raw = raw;
      }
    }

    boolean fitsAt(long sequence) {
      return sequence >= 1
          && selfConsistent(raw.prevHash(), Canonical.encode(raw, sequence), raw.hash());
    }
  }

  private static final class SecondPass {
    private final List<Row> rows = new ArrayList<>();
    private final long maxCheckpointSize;
    private final long maxStoredSequence;

    SecondPass(long maxCheckpointSize, long maxStoredSequence) {
      this.maxCheckpointSize = maxCheckpointSize;
      this.maxStoredSequence = maxStoredSequence;
    }

    void accept(RawRecord raw) {
      rows.add(new Row(rows.size(), raw));
    }

    List<Issue> classify(Map<Long, Boolean> rootMatches, long firstAnomaly) {
      Map<ByteBuffer, List<Row>> byHash = new HashMap<>();
      Set<ByteBuffer> referenced = new HashSet<>();
      for (Row r : rows) {
        byHash.computeIfAbsent(ByteBuffer.wrap(r.hash), k -> new ArrayList<>()).add(r);
        referenced.add(ByteBuffer.wrap(r.prev));
      }
      resolvePlaces(byHash);
      List<Issue> issues = new ArrayList<>();
      TreeMap<Long, Row> chosen = holdersOfEachPlace(referenced, issues);
      Set<Row> modified = modifiedHolders(chosen, issues);
      missing(chosen, issues);
      reordered(chosen, issues);
      brokenLinks(chosen, modified, rootMatches, issues);
      unexplainedRoots(rootMatches, issues);
      if (issues.isEmpty()) {
        issues.add(
            new Issue(
                Kind.MODIFIED,
                Math.max(firstAnomaly, 1),
                null,
                "the chain does not hold together at record #" + firstAnomaly));
      }
      issues.sort(Comparator.comparingLong(Issue::sequence).thenComparing(Issue::kind));
      return List.copyOf(issues);
    }

    /** Each original place is held by at most one record; extra claimants are intruders. */
    private TreeMap<Long, Row> holdersOfEachPlace(Set<ByteBuffer> referenced, List<Issue> issues) {
      TreeMap<Long, Row> chosen = new TreeMap<>();
      Map<Long, List<Row>> byOriginal = new TreeMap<>();
      for (Row r : rows) {
        byOriginal.computeIfAbsent(r.original, k -> new ArrayList<>()).add(r);
      }
      Comparator<Row> preference =
          Comparator.<Row, Boolean>comparing(r -> !r.intact)
              .thenComparing(r -> !referenced.contains(ByteBuffer.wrap(r.hash)))
              .thenComparing(r -> r.stored != r.original)
              .thenComparingInt(r -> r.position);
      for (Map.Entry<Long, List<Row>> e : byOriginal.entrySet()) {
        List<Row> claimants = new ArrayList<>(e.getValue());
        claimants.sort(preference);
        chosen.put(e.getKey(), claimants.get(0));
        for (Row extra : claimants.subList(1, claimants.size())) {
          issues.add(
              new Issue(
                  Kind.INSERTED,
                  extra.stored,
                  extra.id,
                  "record #"
                      + extra.stored
                      + " does not belong to the chain: place #"
                      + e.getKey()
                      + " is held by record #"
                      + claimants.get(0).stored));
        }
      }
      return chosen;
    }

    private static Set<Row> modifiedHolders(TreeMap<Long, Row> chosen, List<Issue> issues) {
      Set<Row> modified = new HashSet<>();
      for (Row r : chosen.values()) {
        if (!r.intact) {
          modified.add(r);
          issues.add(
              new Issue(
                  Kind.MODIFIED,
                  r.stored,
                  r.id,
                  "record #"
                      + r.stored
                      + " no longer matches its hash: its contents were changed"));
        }
      }
      return modified;
    }

    /** Finds every record's original place: where its own hash says it was. */
    private void resolvePlaces(Map<ByteBuffer, List<Row>> byHash) {
      long expected = Math.max(maxCheckpointSize, maxStoredSequence);
      int maxShift = (int) Math.min(MAX_SHIFT, Math.abs(expected - rows.size()) + 1);
      List<Row> open = new ArrayList<>(rows.stream().filter(r -> !r.resolved).toList());
      boolean firstRound = true;
      boolean progress = true;
      while (!open.isEmpty() && progress) {
        progress = false;
        for (Row r : open) {
          Long afterPredecessor = placeAfterPredecessor(r, byHash);
          if (afterPredecessor != null && r.fitsAt(afterPredecessor)) {
            settle(r, afterPredecessor);
            progress = true;
            continue;
          }
          if (firstRound) {
            for (int d = 1; d <= maxShift && !r.resolved; d++) {
              if (r.fitsAt(r.stored + d)) {
                settle(r, r.stored + d);
              } else if (r.fitsAt(r.stored - d)) {
                settle(r, r.stored - d);
              }
            }
            progress |= r.resolved;
          }
        }
        open.removeIf(r -> r.resolved);
        firstRound = false;
      }
      for (Row r : open) {
        // Fits nowhere: its contents changed. Its place is still told by its predecessor, or
        // failing that its sequence.
        Long afterPredecessor = placeAfterPredecessor(r, byHash);
        r.resolved = true;
        r.intact = false;
        r.original = afterPredecessor != null ? afterPredecessor : r.stored;
        r.raw = null;
      }
    }

    private static void settle(Row r, long original) {
      r.resolved = true;
      r.intact = true;
      r.original = original;
      r.raw = null;
    }

    private static Long placeAfterPredecessor(Row r, Map<ByteBuffer, List<Row>> byHash) {
      if (Arrays.equals(r.prev, ZERO)) {
        return 1L;
      }
      for (Row p : byHash.getOrDefault(ByteBuffer.wrap(r.prev), List.of())) {
        if (p != r && p.resolved && p.intact) {
          return p.original + 1;
        }
      }
      return null;
    }

    /**
     * Places no record holds: deleted, or, past the last record up to a checkpoint's size, a cut
     * tail.
     */
    private void missing(TreeMap<Long, Row> chosen, List<Issue> issues) {
      long last = chosen.isEmpty() ? 0 : chosen.lastKey();
      long expectedEnd = Math.max(last, maxCheckpointSize);
      long next = 1;
      for (long place : chosen.keySet()) {
        if (place < 1) {
          continue;
        }
        if (place > next) {
          gap(next, place - 1, issues);
        }
        next = Math.max(next, place + 1);
      }
      if (expectedEnd >= next) {
        issues.add(
            new Issue(
                Kind.TRUNCATED,
                next,
                null,
                "records #"
                    + next
                    + " to #"
                    + expectedEnd
                    + " are missing: a checkpoint signed "
                    + expectedEnd
                    + " records, the log ends at #"
                    + (next - 1)));
      }
    }

    private static void gap(long from, long to, List<Issue> issues) {
      if (to - from + 1 > MAX_LISTED_GAP) {
        issues.add(
            new Issue(
                Kind.DELETED, from, null, "records #" + from + " to #" + to + " were deleted"));
        return;
      }
      for (long s = from; s <= to; s++) {
        issues.add(new Issue(Kind.DELETED, s, null, "record #" + s + " was deleted"));
      }
    }

    /**
     * Records whose original order disagrees with their stored order. The ones to name are those
     * outside some longest run that is in order: a record moved far away is alone outside it, two
     * swapped neighbours are each outside one of two equally long runs, so both are named.
     */
    private void reordered(TreeMap<Long, Row> chosen, List<Issue> issues) {
      List<Row> inStoredOrder =
          chosen.values().stream()
              .filter(r -> r.intact)
              .sorted(Comparator.comparingInt(r -> r.position))
              .toList();
      int n = inStoredOrder.size();
      long[] values = new long[n];
      for (int i = 0; i < n; i++) {
        values[i] = inStoredOrder.get(i).original;
      }
      int[] ending = increasingRunEndingAt(values);
      long[] reversedNegated = new long[n];
      for (int i = 0; i < n; i++) {
        reversedNegated[i] = -values[n - 1 - i];
      }
      int[] startingRev = increasingRunEndingAt(reversedNegated);
      int longest = 0;
      for (int l : ending) {
        longest = Math.max(longest, l);
      }
      Map<Integer, Integer> onSomeRunByLength = new HashMap<>();
      boolean[] onSomeRun = new boolean[n];
      for (int i = 0; i < n; i++) {
        onSomeRun[i] = ending[i] + startingRev[n - 1 - i] - 1 == longest;
        if (onSomeRun[i]) {
          onSomeRunByLength.merge(ending[i], 1, Integer::sum);
        }
      }
      for (int i = 0; i < n; i++) {
        boolean onEveryRun = onSomeRun[i] && onSomeRunByLength.get(ending[i]) == 1;
        if (!onEveryRun) {
          Row r = inStoredOrder.get(i);
          issues.add(
              new Issue(
                  Kind.REORDERED,
                  r.stored,
                  r.id,
                  "record #" + r.stored + " was moved: it was written as record #" + r.original));
        }
      }
    }

    /**
     * For each i, the length of the longest strictly increasing subsequence ending at i (patience
     * sorting).
     */
    private static int[] increasingRunEndingAt(long[] values) {
      int[] out = new int[values.length];
      long[] tails = new long[values.length];
      int size = 0;
      for (int i = 0; i < values.length; i++) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (tails[mid] < values[i]) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        tails[lo] = values[i];
        if (lo == size) {
          size++;
        }
        out[i] = lo + 1;
      }
      return out;
    }

    /**
     * Two intact neighbours whose link disagrees: either the earlier one was rewritten together
     * with its hash, or the later one's prev_hash was. Only the first changes a Merkle leaf, so the
     * checkpoint covering them decides.
     */
    private void brokenLinks(
        TreeMap<Long, Row> chosen,
        Set<Row> modified,
        Map<Long, Boolean> rootMatches,
        List<Issue> issues) {
      for (Row r : chosen.values()) {
        if (!r.intact) {
          continue;
        }
        if (r.original == 1) {
          if (!Arrays.equals(r.prev, ZERO) && modified.add(r)) {
            issues.add(
                new Issue(
                    Kind.MODIFIED,
                    r.stored,
                    r.id,
                    "record #" + r.stored + " is first but links to another"));
          }
          continue;
        }
        Row before = chosen.get(r.original - 1);
        // A predecessor already named explains the break: rewriting its link rewrote its hash too.
        if (before == null
            || !before.intact
            || modified.contains(before)
            || Arrays.equals(r.prev, before.hash)) {
          continue;
        }
        Boolean covering = coveringRoot(rootMatches, r.original);
        if (Boolean.TRUE.equals(covering)) {
          if (modified.add(r)) {
            issues.add(
                new Issue(
                    Kind.MODIFIED,
                    r.stored,
                    r.id,
                    "record #" + r.stored + "'s link to the record before it was rewritten"));
          }
        } else if (modified.add(before)) {
          issues.add(
              new Issue(
                  Kind.MODIFIED,
                  before.stored,
                  before.id,
                  "record #"
                      + before.stored
                      + " was rewritten together with its hash: record #"
                      + r.stored
                      + " still links to the original"));
        }
      }
    }

    private static Boolean coveringRoot(Map<Long, Boolean> rootMatches, long place) {
      for (Map.Entry<Long, Boolean> e : rootMatches.entrySet()) {
        if (e.getKey() >= place) {
          return e.getValue();
        }
      }
      return null;
    }

    /**
     * A signed root the records no longer reach, with no finding inside it: the chain was rewritten
     * after a change.
     */
    private static void unexplainedRoots(Map<Long, Boolean> rootMatches, List<Issue> issues) {
      long lastGood = 0;
      for (Map.Entry<Long, Boolean> e : rootMatches.entrySet()) {
        long size = e.getKey();
        if (e.getValue()) {
          lastGood = size;
          continue;
        }
        boolean explained = issues.stream().anyMatch(i -> i.sequence() <= size);
        if (!explained) {
          issues.add(
              new Issue(
                  Kind.CHECKPOINT_MISMATCH,
                  size,
                  null,
                  "records #"
                      + (lastGood + 1)
                      + " to #"
                      + size
                      + " no longer hash to the root signed for "
                      + size
                      + " records, though each links to the one before: the chain was recomputed after a change there"));
        }
      }
    }
  }
}
