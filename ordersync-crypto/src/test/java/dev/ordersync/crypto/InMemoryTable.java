package dev.ordersync.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One encrypted column of a table, in memory, as a {@link RewrapSource}: rows in id order,
 * compare-and-set updates, a saved checkpoint, and a switch that makes it "crash" after a number of
 * updates.
 */
class InMemoryTable implements RewrapSource {
  /** Thrown by the simulated crash. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("simulated crash");
    }
  }

  final String table;
  final String column;
  final TreeMap<String, byte[]> rows = new TreeMap<>();
  final List<StoredValue> unreadable = new ArrayList<>();
  final AtomicInteger replaces = new AtomicInteger();
  final AtomicInteger pages = new AtomicInteger();
  String checkpoint;
  int crashAfterReplaces = Integer.MAX_VALUE;

  InMemoryTable(String table, String column) {
    this.table = table;
    this.column = column;
  }

  FieldContext context(String rowId) {
    return FieldContext.of(table, column, rowId);
  }

  void insert(FieldCipher cipher, String rowId, String value) {
    rows.put(rowId, cipher.encryptString(value, context(rowId)));
  }

  String read(FieldCipher cipher, String rowId) {
    return cipher.decryptString(rows.get(rowId), context(rowId));
  }

  /** The key version in each row's stored header. */
  List<Integer> keyVersions() {
    return rows.values().stream()
        .map(
            b ->
                ((b[2] & 0xff) << 24)
                    | ((b[3] & 0xff) << 16)
                    | ((b[4] & 0xff) << 8)
                    | (b[5] & 0xff))
        .toList();
  }

  @Override
  public List<StoredValue> page(String afterCursor, int limit) {
    pages.incrementAndGet();
    Map<String, byte[]> tail = afterCursor == null ? rows : rows.tailMap(afterCursor, false);
    return tail.entrySet().stream()
        .limit(limit)
        .map(e -> new StoredValue(e.getKey(), e.getValue().clone(), context(e.getKey())))
        .toList();
  }

  @Override
  public boolean replace(StoredValue old, byte[] newCiphertext) {
    if (replaces.get() >= crashAfterReplaces) {
      throw new Crash();
    }
    byte[] current = rows.get(old.cursor());
    if (current == null || !Arrays.equals(current, old.ciphertext())) {
      return false;
    }
    rows.put(old.cursor(), newCiphertext.clone());
    replaces.incrementAndGet();
    return true;
  }

  @Override
  public Optional<String> checkpoint() {
    return Optional.ofNullable(checkpoint);
  }

  @Override
  public void saveCheckpoint(String checkpoint) {
    this.checkpoint = checkpoint;
  }

  @Override
  public void unreadable(StoredValue value, CryptoException reason) {
    unreadable.add(value);
  }
}
