package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoAloneTest {
  @TempDir Path keys;

  @Test
  void theCryptoLibraryAloneEncryptsFindsRotatesAndShreds() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CryptoAlone.run(keys, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = out.lines().toList();

    assertTrue(lines.contains("Stored email of u-1: 48 bytes, key version 1"), out);
    assertTrue(lines.contains("Decrypted: kim@example.kr"), out);
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("Copied into u-2: DecryptionFailedException")),
        out);
    assertTrue(lines.contains("Blind index length for 1,000,000 users: 18 bits"), out);
    assertTrue(lines.contains("Log in as lee@example.kr: found u-2"), out);
    assertTrue(
        lines.contains("Rewrapped 3 values to key version 2; second pass safe to retire: true"),
        out);
    assertTrue(lines.contains("After rotation u-1 reads: kim@example.kr"), out);
    assertTrue(lines.contains("Old backup: RetiredKeyException"), out);
    assertTrue(lines.contains("Kim's phone after shredding: ShreddedException"), out);
    assertTrue(lines.contains("Lee's phone still reads: 010-8765-4321"), out);
    assertTrue(
        keys.resolve("fields.keyset.json").toFile().isFile(),
        "the keyset was created in the given folder");
  }
}
