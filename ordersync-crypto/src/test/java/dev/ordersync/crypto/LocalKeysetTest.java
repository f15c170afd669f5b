package dev.ordersync.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeysetTest {
  @TempDir Path dir;

  @Test
  void theKeysetsAreCreatedOnFirstUseReadableByTheOwnerOnly() throws Exception {
    Path keys = dir.resolve("data/keys");
    FieldCrypto.open(KeysetStore.localCleartext(keys));
    try (Stream<Path> files = Files.list(keys)) {
      assertEquals(
          List.of("blind-index.keyset.json", "fields.keyset.json"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary files left behind");
    }
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(keys.resolve("fields.keyset.json"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
  }

  @Test
  void aKeysetFileThatOthersCanReadIsRefused() throws Exception {
    FieldCrypto.open(KeysetStore.localCleartext(dir));
    Path file = dir.resolve("fields.keyset.json");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    KeyAccessException e =
        assertThrows(
            KeyAccessException.class, () -> FieldCrypto.open(KeysetStore.localCleartext(dir)));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("rw-r--r--"), e.getMessage());
    assertTrue(e.getMessage().contains("let group or others read it"), e.getMessage());
    assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());
  }

  @Test
  void groupReadOrOthersWriteIsRefusedToo() throws Exception {
    FieldCrypto.open(KeysetStore.localCleartext(dir));
    Path file = dir.resolve("blind-index.keyset.json");
    for (String unsafe : List.of("rw-r-----", "rw-----w-", "rw--w----")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(unsafe));
      assertThrows(
          KeyAccessException.class,
          () -> FieldCrypto.open(KeysetStore.localCleartext(dir)),
          unsafe);
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    FieldCrypto.open(KeysetStore.localCleartext(dir));
  }

  @Test
  void twoFirstStartsAgreeOnOneKeyset() {
    KeysetStore store = KeysetStore.localCleartext(dir);
    FieldCrypto first = FieldCrypto.open(store);
    byte[] stored = first.encryptString("x", FieldContext.of("t", "c", "1"));
    KeysetHandle latecomers =
        FieldCrypto.open(KeysetStore.localCleartext(dir.resolve("elsewhere"))).keyring().fields;

    KeysetHandle kept = store.createIfAbsent("fields", latecomers);
    assertNotSame(latecomers, kept, "the keyset stored first wins");
    assertEquals(
        "x", FieldCrypto.open(store).decryptString(stored, FieldContext.of("t", "c", "1")));
  }

  @Test
  void aCorruptKeysetFileIsAClearError() throws Exception {
    FieldCrypto.open(KeysetStore.localCleartext(dir));
    Files.writeString(dir.resolve("fields.keyset.json"), "{not json");
    KeyAccessException e =
        assertThrows(
            KeyAccessException.class, () -> FieldCrypto.open(KeysetStore.localCleartext(dir)));
    assertTrue(e.getMessage().contains("fields.keyset.json"), e.getMessage());
  }
}
