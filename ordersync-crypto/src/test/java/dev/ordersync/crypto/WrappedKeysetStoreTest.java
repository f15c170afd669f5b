package dev.ordersync.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Keysets wrapped by a master key and kept by name (as the server keeps them in a table). */
class WrappedKeysetStoreTest {
  /** A table of wrapped keys in memory. */
  static final class Table implements WrappedKeys {
    final Map<String, byte[]> rows = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> read(String name) {
      return Optional.ofNullable(rows.get(name)).map(byte[]::clone);
    }

    @Override
    public boolean insertIfAbsent(String name, byte[] wrapped) {
      return rows.putIfAbsent(name, wrapped.clone()) == null;
    }

    @Override
    public void replace(String name, byte[] wrapped) {
      rows.put(name, wrapped.clone());
    }
  }

  final Table table = new Table();
  final byte[] master = KeyEncryptionKeys.newMasterKey();

  @Test
  void twoProcessesWithTheSameMasterKeyShareTheKeysAndReadEachOthersValues() {
    FieldCrypto one =
        FieldCrypto.open(KeysetStore.wrapped(table, KeyEncryptionKeys.masterKey(master)));
    FieldCrypto two =
        FieldCrypto.open(KeysetStore.wrapped(table, KeyEncryptionKeys.masterKey(master.clone())));
    FieldContext ctx = FieldContext.of("users", "email", "u1");
    assertEquals(
        "kim@example.kr", two.decryptString(one.encryptString("kim@example.kr", ctx), ctx));
    assertArrayEquals(
        one.blindIndex("users", "email", 32).compute("kim@example.kr"),
        two.blindIndex("users", "email", 32).compute("kim@example.kr"));
  }

  @Test
  void aRotationOnOneIsSeenByTheOtherAfterAReload() {
    FieldCrypto one =
        FieldCrypto.open(KeysetStore.wrapped(table, KeyEncryptionKeys.masterKey(master)));
    FieldCrypto two =
        FieldCrypto.open(KeysetStore.wrapped(table, KeyEncryptionKeys.masterKey(master)));
    int version = one.fieldKeys().addKey();
    one.fieldKeys().promote(version);
    two.reload();
    assertEquals(version, two.fieldKeys().primaryVersion());
  }

  @Test
  void nothingInTheTableIsACleartextKeyset() {
    FieldCrypto.open(KeysetStore.wrapped(table, KeyEncryptionKeys.masterKey(master)));
    assertEquals(2, table.rows.size());
    for (byte[] row : table.rows.values()) {
      assertFalse(new String(row, StandardCharsets.UTF_8).contains("keyData"));
    }
  }

  @Test
  void anotherMasterKeyDoesNotOpenTheKeys() {
    FieldCrypto.open(KeysetStore.wrapped(table, KeyEncryptionKeys.masterKey(master)));
    var other =
        KeysetStore.wrapped(table, KeyEncryptionKeys.masterKey(KeyEncryptionKeys.newMasterKey()));
    var e = assertThrows(KeyAccessException.class, () -> FieldCrypto.open(other));
    assertTrue(e.getMessage().contains("does not unwrap"), e.getMessage());
  }

  @Test
  void aKeysetCopiedUnderAnotherNameDoesNotUnwrap() {
    FieldCrypto.open(KeysetStore.wrapped(table, KeyEncryptionKeys.masterKey(master)));
    table.rows.put("blind-index", table.rows.get("fields"));
    var store = KeysetStore.wrapped(table, KeyEncryptionKeys.masterKey(master));
    assertThrows(KeyAccessException.class, () -> store.load("blind-index"));
  }

  @Test
  void aMasterKeyHasThirtyTwoBytes() {
    assertThrows(IllegalArgumentException.class, () -> KeyEncryptionKeys.masterKey(new byte[16]));
  }
}
