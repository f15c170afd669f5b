package dev.ordersync.examples;

import dev.ordersync.crypto.BlindIndex;
import dev.ordersync.crypto.BlindIndexPlanner;
import dev.ordersync.crypto.CryptoException;
import dev.ordersync.crypto.FieldContext;
import dev.ordersync.crypto.FieldCrypto;
import dev.ordersync.crypto.KeysetStore;
import dev.ordersync.crypto.RewrapProgress;
import dev.ordersync.crypto.RewrapSource;
import dev.ordersync.crypto.StoredValue;
import dev.ordersync.crypto.SubjectKeyStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ordersync-crypto on its own, with a local keyset in a temporary folder: encrypt a user's email
 * bound to its row, see a copy in another row fail, log in by email through a blind index, rotate
 * the keys while values are rewrapped, and crypto-shred one customer while everyone else stays
 * readable.
 *
 * <p>Run it with {@code mvn -q -f examples compile exec:java
 * -Dexec.mainClass=dev.ordersync.examples.CryptoAlone}.
 */
public final class CryptoAlone {
  private CryptoAlone() {}

  public static void main(String[] args) throws IOException {
    Path folder = Files.createTempDirectory("ordersync-keys");
    run(folder, System.out);
  }

  /** Runs the whole story with keys in {@code keyFolder}, writing what happens to {@code out}. */
  public static void run(Path keyFolder, PrintStream out) {
    // One FieldCrypto per process: the keysets are created here on first use, readable by their
    // owner only.
    FieldCrypto crypto =
        FieldCrypto.builder()
            .keysetStore(KeysetStore.localCleartext(keyFolder))
            .subjectKeyStore(SubjectKeyStore.inMemory())
            .build();

    Users users = bindToTheirRows(crypto, out);
    logInByEmail(users, out);
    rotate(crypto, users, out);
    shredOneCustomer(crypto, out);
  }

  private static Users bindToTheirRows(FieldCrypto crypto, PrintStream out) {
    // 1. A value is bound to its table, column and row.
    Users users = new Users(crypto);
    users.add("u-1", "kim@example.kr");
    users.add("u-2", "lee@example.kr");
    users.add("u-3", "park@example.kr");
    byte[] kims = users.emails.get("u-1");
    // The stored form describes itself: 14 bytes of email + 34, the key version in its header
    // (crypto README).
    out.println("Stored email of u-1: " + kims.length + " bytes, key version " + kims[5]);
    out.println("Decrypted: " + crypto.decryptString(kims, Users.email("u-1")));
    try {
      crypto.decryptString(kims, Users.email("u-2"));
    } catch (CryptoException e) {
      out.println("Copied into u-2: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return users;
  }

  private static void logInByEmail(Users users, PrintStream out) {
    // 2. Log in by email: look the blind index up, then decrypt the few candidates and compare.
    out.println("Blind index length for 1,000,000 users: " + users.index.bits() + " bits");
    out.println(
        "Log in as lee@example.kr: found " + users.findByEmail("lee@example.kr").orElse("nobody"));
  }

  private static void rotate(FieldCrypto crypto, Users users, PrintStream out) {
    // 3. Rotate: add, promote, rewrap while running, then retire the old key.
    byte[] oldBackup = users.emails.get("u-1").clone();
    int v2 = crypto.fieldKeys().addKey();
    crypto.fieldKeys().promote(v2);
    RewrapProgress first =
        crypto.rewrap(users, 2).run(p -> out.println("Rewrap batch: " + p.scanned() + " scanned"));
    RewrapProgress check = crypto.rewrap(users, 2).run();
    out.println(
        "Rewrapped "
            + first.rewrapped()
            + " values to key version "
            + first.keyVersion()
            + "; second pass safe to retire: "
            + check.safeToRetire());
    crypto.fieldKeys().retireKeysBelow(v2);
    out.println(
        "After rotation u-1 reads: "
            + crypto.decryptString(users.emails.get("u-1"), Users.email("u-1")));
    try {
      crypto.decryptString(oldBackup, Users.email("u-1"));
    } catch (CryptoException e) {
      out.println("Old backup: " + e.getClass().getSimpleName());
    }
  }

  private static void shredOneCustomer(FieldCrypto crypto, PrintStream out) {
    // 4. Crypto-shredding: each customer's phone is under that customer's own key.
    FieldContext kimPhone =
        FieldContext.of("orders", "customer_phone", "o-1").forSubject("customer:kim");
    FieldContext leePhone =
        FieldContext.of("orders", "customer_phone", "o-2").forSubject("customer:lee");
    byte[] kimsPhone = crypto.encryptString("010-1234-5678", kimPhone);
    byte[] leesPhone = crypto.encryptString("010-8765-4321", leePhone);
    crypto.shredSubject("customer:kim");
    try {
      crypto.decryptString(kimsPhone, kimPhone);
    } catch (CryptoException e) {
      out.println("Kim's phone after shredding: " + e.getClass().getSimpleName());
    }
    out.println("Lee's phone still reads: " + crypto.decryptString(leesPhone, leePhone));
  }

  /**
   * A users table in memory: encrypted email and its blind index per row; also a source for the
   * rewrap job.
   */
  private static final class Users implements RewrapSource {
    final FieldCrypto crypto;
    final BlindIndex index;
    final TreeMap<String, byte[]> emails = new TreeMap<>();
    final TreeMap<String, byte[]> emailIndex = new TreeMap<>();
    String checkpoint;

    Users(FieldCrypto crypto) {
      this.crypto = crypto;
      this.index = crypto.blindIndex("users", "email", BlindIndexPlanner.bits(1_000_000, 32));
    }

    static FieldContext email(String id) {
      return FieldContext.of("users", "email", id);
    }

    void add(String id, String email) {
      emails.put(id, crypto.encryptString(email, email(id)));
      emailIndex.put(id, index.compute(email));
    }

    Optional<String> findByEmail(String email) {
      List<byte[]> terms = index.lookupTerms(email);
      return emailIndex.entrySet().stream()
          .filter(row -> terms.stream().anyMatch(t -> Arrays.equals(t, row.getValue())))
          .map(Map.Entry::getKey)
          .filter(id -> crypto.decryptString(emails.get(id), email(id)).equals(email))
          .findFirst();
    }

    @Override
    public List<StoredValue> page(String afterCursor, int limit) {
      var rows = afterCursor == null ? emails : emails.tailMap(afterCursor, false);
      return rows.entrySet().stream()
          .limit(limit)
          .map(e -> new StoredValue(e.getKey(), e.getValue(), email(e.getKey())))
          .toList();
    }

    @Override
    public boolean replace(StoredValue old, byte[] newCiphertext) {
      // Compare-and-set, as "update users set email = ? where id = ? and email = ?" would.
      if (!Arrays.equals(emails.get(old.cursor()), old.ciphertext())) {
        return false;
      }
      emails.put(old.cursor(), newCiphertext);
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
  }
}
