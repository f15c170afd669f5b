package dev.ordersync.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.prf.HmacPrfKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key material and plaintext never show in toString(), exception messages and stack traces, or
 * anything written to logs or the console, across a whole life: create, encrypt, index, shred,
 * rotate, rewrap, retire, fail.
 */
class KeyMaterialNeverLeaksTest {
  static final String SECRET = "kim.minjun@example.kr";

  @TempDir Path keys;

  @Test
  void noKeyAndNoPlaintextInAnyStringTheLibraryProduces() throws Exception {
    List<String> out = new ArrayList<>();
    List<byte[]> keyMaterial = new ArrayList<>();
    Logger root = Logger.getLogger("");
    Level level = root.getLevel();
    List<LogRecord> logged = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    root.addHandler(capture);
    root.setLevel(Level.ALL);
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      SubjectKeyStore subjectKeys = SubjectKeyStore.inMemory();
      FieldCrypto crypto =
          FieldCrypto.builder()
              .keysetStore(KeysetStore.localCleartext(keys))
              .subjectKeyStore(subjectKeys)
              .build();
      FieldContext ctx = FieldContext.of("users", "email", "42").forSubject("user:42");
      FieldContext plainCtx = FieldContext.of("users", "email", "43");
      byte[] bySubject = crypto.encryptString(SECRET, ctx);
      byte[] byField = crypto.encryptString(SECRET, plainCtx);
      BlindIndex index = crypto.blindIndex("users", "email", 20);
      index.compute(SECRET);
      byte[] wrapped = subjectKeys.find("user:42").orElseThrow();
      keyMaterial.add(
          Arrays.copyOfRange(crypto.decrypt(wrapped, FieldContext.subjectKey("user:42")), 4, 36));

      InMemoryTable table = new InMemoryTable("users", "email");
      table.rows.put("43", byField);
      crypto.fieldKeys().promote(crypto.fieldKeys().addKey());
      RewrapJob job = crypto.rewrap(table);
      job.run();
      crypto.fieldKeys().retireKeysBelow(2);
      crypto.blindIndexKeys().addKey();

      collectKeys(keys.resolve("fields.keyset.json"), keyMaterial);
      collectKeys(keys.resolve("blind-index.keyset.json"), keyMaterial);
      assertEquals(5, keyMaterial.size(), "a subject key, two field keys, two index keys");

      out.add(crypto.toString());
      out.add(KeysetStore.localCleartext(keys).toString());
      out.add(subjectKeys.toString());
      out.add(index.toString());
      out.add(crypto.fieldKeys().toString());
      out.add(crypto.blindIndexKeys().toString());
      out.add(crypto.keyring().toString());
      out.add(job.toString());
      out.add(new StoredValue("43", byField, plainCtx).toString());
      out.add(new SubjectKeys.SubjectKey(7, null).toString());

      byte[] tampered = bySubject.clone();
      tampered[30] ^= 1;
      out.add(describe(assertThrows(CryptoException.class, () -> crypto.decrypt(tampered, ctx))));
      out.add(
          describe(assertThrows(CryptoException.class, () -> crypto.decrypt(bySubject, plainCtx))));
      out.add(
          describe(assertThrows(CryptoException.class, () -> crypto.decrypt(byField, plainCtx))));
      byte[] truncated = Arrays.copyOf(byField, 20);
      out.add(
          describe(assertThrows(CryptoException.class, () -> crypto.decrypt(truncated, plainCtx))));
      crypto.shredSubject("user:42");
      out.add(describe(assertThrows(CryptoException.class, () -> crypto.decrypt(bySubject, ctx))));
      Files.setPosixFilePermissions(
          keys.resolve("fields.keyset.json"), PosixFilePermissions.fromString("rw-r--r--"));
      out.add(
          describe(
              assertThrows(
                  CryptoException.class,
                  () -> FieldCrypto.open(KeysetStore.localCleartext(keys)))));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
      root.removeHandler(capture);
      root.setLevel(level);
    }
    out.add(console.toString(StandardCharsets.UTF_8));
    for (LogRecord r : logged) {
      String thrown = r.getThrown() == null ? "" : describe(r.getThrown());
      out.add(r.getMessage() + " " + Arrays.toString(r.getParameters()) + " " + thrown);
    }

    for (String s : out) {
      assertFalse(s.contains(SECRET), "plaintext in: " + s);
      for (byte[] key : keyMaterial) {
        for (String form : forms(key)) {
          assertFalse(s.toLowerCase().contains(form.toLowerCase()), "key material in: " + s);
        }
      }
    }
  }

  private static void collectKeys(Path file, List<byte[]> into) throws Exception {
    KeysetHandle keyset =
        TinkJsonProtoKeysetFormat.parseKeyset(
            Files.readString(file), InsecureSecretKeyAccess.get());
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getKey() instanceof AesGcmKey k) {
        into.add(k.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
      } else if (keyset.getAt(i).getKey() instanceof HmacPrfKey k) {
        into.add(k.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
      }
    }
  }

  /** Whole-key and partial (first 8 bytes) encodings a leak would take. */
  private static List<String> forms(byte[] key) {
    byte[] head = Arrays.copyOf(key, 8);
    return List.of(
        HexFormat.of().formatHex(key),
        HexFormat.of().formatHex(head),
        Base64.getEncoder().encodeToString(key),
        Base64.getEncoder().encodeToString(Arrays.copyOf(key, 9)).substring(0, 12),
        Base64.getUrlEncoder().encodeToString(Arrays.copyOf(key, 9)).substring(0, 12),
        Arrays.toString(head).replace("]", ""),
        new String(key, StandardCharsets.ISO_8859_1));
  }

  private static String describe(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
