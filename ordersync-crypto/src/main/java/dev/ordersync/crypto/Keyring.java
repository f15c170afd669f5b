package dev.ordersync.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.Prf;
import dev.ordersync.crypto.internal.TinkKeys;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One immutable snapshot of both keysets with their primitives built. A rotation step or a reload
 * builds a new one and swaps it in, so a value is always encrypted and decrypted against one
 * consistent view of the keys.
 */
final class Keyring {
  static final String FIELDS = "fields";
  static final String BLIND_INDEX = "blind-index";

  private record ColumnKey(int version, String table, String column) {}

  final KeysetHandle fields;
  final KeysetHandle blindIndex;
  private final Map<Integer, Aead> fieldAeads = new HashMap<>();
  private final Set<Integer> retiredFieldKeys = new HashSet<>();
  private final Map<Integer, Prf> indexKeys = new HashMap<>();
  private final List<Integer> indexVersionsPrimaryFirst = new ArrayList<>();
  private final ConcurrentHashMap<ColumnKey, Prf> columnKeys = new ConcurrentHashMap<>();
  final int fieldPrimary;
  final int indexPrimary;

  private Keyring(KeysetHandle fields, KeysetHandle blindIndex) throws GeneralSecurityException {
    this.fields = fields;
    this.blindIndex = blindIndex;
    this.fieldPrimary = fields.getPrimary().getId();
    this.indexPrimary = blindIndex.getPrimary().getId();
    for (int i = 0; i < fields.size(); i++) {
      KeysetHandle.Entry entry = fields.getAt(i);
      if (entry.getStatus() == KeyStatus.ENABLED) {
        fieldAeads.put(entry.getId(), TinkKeys.aead(entry));
      } else {
        retiredFieldKeys.add(entry.getId());
      }
    }
    for (int i = 0; i < blindIndex.size(); i++) {
      KeysetHandle.Entry entry = blindIndex.getAt(i);
      if (entry.getStatus() == KeyStatus.ENABLED) {
        indexKeys.put(entry.getId(), TinkKeys.prf(entry));
      }
    }
    indexVersionsPrimaryFirst.add(indexPrimary);
    indexKeys.keySet().stream()
        .filter(v -> v != indexPrimary)
        .sorted(Comparator.reverseOrder())
        .forEach(indexVersionsPrimaryFirst::add);
  }

  static Keyring of(KeysetHandle fields, KeysetHandle blindIndex) {
    try {
      return new Keyring(fields, blindIndex);
    } catch (GeneralSecurityException e) {
      throw new KeyAccessException("the stored keysets are not usable: " + e.getMessage(), e);
    }
  }

  Keyring with(String name, KeysetHandle keyset) {
    return name.equals(FIELDS) ? of(keyset, blindIndex) : of(fields, keyset);
  }

  KeysetHandle keyset(String name) {
    return name.equals(FIELDS) ? fields : blindIndex;
  }

  Aead primaryFieldAead() {
    return fieldAeads.get(fieldPrimary);
  }

  /** The AEAD of an enabled field key, or null. */
  Aead fieldAead(int version) {
    return fieldAeads.get(version);
  }

  boolean isRetiredFieldKey(int version) {
    return retiredFieldKeys.contains(version);
  }

  int minimumFieldVersion() {
    return fieldAeads.keySet().stream().min(Integer::compare).orElse(fieldPrimary);
  }

  List<Integer> indexVersionsPrimaryFirst() {
    return indexVersionsPrimaryFirst;
  }

  /** A column's derived blind-index key under one index key version, derived once per snapshot. */
  Prf columnKey(int version, String table, String column) {
    return columnKeys.computeIfAbsent(
        new ColumnKey(version, table, column),
        k -> {
          try {
            return TinkKeys.columnPrf(indexKeys.get(k.version()), k.table(), k.column());
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                "cannot derive a blind-index key for " + table + "." + column, e);
          }
        });
  }

  static List<KeyVersion> versions(KeysetHandle keyset) {
    List<KeyVersion> versions = new ArrayList<>();
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      KeyVersion.State state =
          entry.isPrimary()
              ? KeyVersion.State.PRIMARY
              : entry.getStatus() == KeyStatus.ENABLED
                  ? KeyVersion.State.ACTIVE
                  : KeyVersion.State.RETIRED;
      versions.add(new KeyVersion(entry.getId(), state));
    }
    versions.sort(Comparator.comparingInt(KeyVersion::version));
    return List.copyOf(versions);
  }

  @Override
  public String toString() {
    return "fields " + versions(fields) + ", blind-index " + versions(blindIndex);
  }
}
