package dev.ordersync.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingKeysTest {
  @TempDir Path keys;
  FieldCrypto crypto;
  InMemoryTable emails;

  @BeforeEach
  void aTableOfTwentyFiveEmailsUnderKeyVersionOne() {
    crypto = FieldCrypto.open(KeysetStore.localCleartext(keys));
    emails = new InMemoryTable("users", "email");
    for (int i = 0; i < 25; i++) {
      emails.insert(crypto, "row-%03d".formatted(i), "user" + i + "@example.kr");
    }
  }

  @Test
  void anAddedKeyDecryptsButDoesNotEncryptUntilPromoted() {
    int v2 = crypto.fieldKeys().addKey();
    assertEquals(2, v2);
    assertEquals(
        List.of(
            new KeyVersion(1, KeyVersion.State.PRIMARY),
            new KeyVersion(2, KeyVersion.State.ACTIVE)),
        crypto.fieldKeys().versions());
    emails.insert(crypto, "row-100", "new@example.kr");
    assertEquals(1, emails.keyVersions().getLast(), "still the old primary");

    crypto.fieldKeys().promote(v2);
    emails.insert(crypto, "row-101", "newer@example.kr");
    assertEquals(2, emails.keyVersions().getLast());
    assertEquals("user0@example.kr", emails.read(crypto, "row-000"), "older keys still decrypt");
  }

  @Test
  void anotherInstanceReadsTheNewKeyAfterAReload() {
    FieldCrypto other = FieldCrypto.open(KeysetStore.localCleartext(keys));
    crypto.fieldKeys().promote(crypto.fieldKeys().addKey());
    emails.insert(crypto, "row-200", "fresh@example.kr");
    UnknownKeyException e =
        assertThrows(UnknownKeyException.class, () -> emails.read(other, "row-200"));
    assertEquals(2, e.keyVersion());
    other.reload();
    assertEquals("fresh@example.kr", emails.read(other, "row-200"));
  }

  @Test
  void rewrapMovesEveryValueToTheNewPrimaryAndReportsProgress() {
    crypto.fieldKeys().promote(crypto.fieldKeys().addKey());
    List<RewrapProgress> reports = new ArrayList<>();
    RewrapProgress last = crypto.rewrap(emails, 10).run(reports::add);

    assertEquals(3, reports.size(), "25 values in batches of 10");
    assertEquals(10, reports.get(0).scanned());
    assertEquals("row-009", reports.get(0).cursor());
    assertTrue(last.done());
    assertEquals(25, last.rewrapped());
    assertEquals(Collections.nCopies(25, 2), emails.keyVersions());
    assertNull(emails.checkpoint, "a completed pass clears its checkpoint");
    for (int i = 0; i < 25; i++) {
      assertEquals("user" + i + "@example.kr", emails.read(crypto, "row-%03d".formatted(i)));
    }
  }

  @Test
  void aJobThatCrashedResumesFromItsCheckpoint() {
    crypto.fieldKeys().promote(crypto.fieldKeys().addKey());
    emails.crashAfterReplaces = 14;
    assertThrows(InMemoryTable.Crash.class, () -> crypto.rewrap(emails, 10).run());
    assertEquals(14, emails.replaces.get());
    assertNotNull(emails.checkpoint, "the first batch of 10 was checkpointed");

    emails.crashAfterReplaces = Integer.MAX_VALUE;
    FieldCrypto restarted = FieldCrypto.open(KeysetStore.localCleartext(keys));
    emails.pages.set(0);
    RewrapProgress resumed = restarted.rewrap(emails, 10).run();

    assertTrue(resumed.resumed());
    assertEquals(15, resumed.scanned(), "resumed after row-009, not from the start");
    assertEquals(
        4, resumed.alreadyCurrent(), "rows 10-13 were replaced before the crash, not checkpointed");
    assertEquals(11, resumed.rewrapped());
    assertEquals(Collections.nCopies(25, 2), emails.keyVersions());
    assertFalse(resumed.safeToRetire(), "a resumed pass does not prove the start of the table");
  }

  @Test
  void runningTheJobAgainChangesNothing() {
    crypto.fieldKeys().promote(crypto.fieldKeys().addKey());
    crypto.rewrap(emails, 7).run();
    Map<String, byte[]> after = new TreeMap<>(emails.rows);
    int replaces = emails.replaces.get();

    RewrapProgress again = crypto.rewrap(emails, 7).run();
    assertEquals(25, again.alreadyCurrent());
    assertEquals(0, again.rewrapped());
    assertEquals(replaces, emails.replaces.get(), "no writes at all");
    after.forEach((id, bytes) -> assertArrayEquals(bytes, emails.rows.get(id)));
    assertTrue(again.safeToRetire());
  }

  @Test
  void aValueWrittenMeanwhileIsAConflictNotAnOverwrite() {
    crypto.fieldKeys().promote(crypto.fieldKeys().addKey());
    RewrapSource racing =
        new ForwardingSource(emails) {
          @Override
          public boolean replace(StoredValue old, byte[] newCiphertext) {
            if (old.cursor().equals("row-003")) {
              emails.insert(crypto, "row-003", "changed@example.kr");
            }
            return super.replace(old, newCiphertext);
          }
        };
    RewrapProgress p = crypto.rewrap(racing, 100).run();
    assertEquals(1, p.conflicts());
    assertEquals(
        "changed@example.kr", emails.read(crypto, "row-003"), "the application's write wins");
  }

  @Test
  void aCheckpointForAnOlderPrimaryStartsThePassOver() {
    crypto.fieldKeys().promote(crypto.fieldKeys().addKey());
    emails.crashAfterReplaces = 12;
    assertThrows(InMemoryTable.Crash.class, () -> crypto.rewrap(emails, 10).run());
    emails.crashAfterReplaces = Integer.MAX_VALUE;
    crypto.fieldKeys().promote(crypto.fieldKeys().addKey());

    RewrapProgress p = crypto.rewrap(emails, 10).run();
    assertFalse(p.resumed());
    assertEquals(25, p.scanned());
    assertEquals(Collections.nCopies(25, 3), emails.keyVersions());
  }

  @Test
  void afterRetirementAValueUnderARetiredKeyIsAClearError() {
    byte[] backup = emails.rows.get("row-000").clone();
    crypto.fieldKeys().promote(crypto.fieldKeys().addKey());
    crypto.rewrap(emails).run();
    assertTrue(crypto.rewrap(emails).run().safeToRetire());
    crypto.fieldKeys().retireKeysBelow(2);

    assertEquals(
        List.of(
            new KeyVersion(1, KeyVersion.State.RETIRED),
            new KeyVersion(2, KeyVersion.State.PRIMARY)),
        crypto.fieldKeys().versions());
    assertEquals(2, crypto.fieldKeys().minimumVersion());
    assertEquals("user0@example.kr", emails.read(crypto, "row-000"));
    RetiredKeyException e =
        assertThrows(
            RetiredKeyException.class, () -> crypto.decrypt(backup, emails.context("row-000")));
    assertEquals(1, e.keyVersion());
    assertTrue(e.getMessage().contains("retired"), e.getMessage());

    FieldCrypto restarted = FieldCrypto.open(KeysetStore.localCleartext(keys));
    assertThrows(
        RetiredKeyException.class, () -> restarted.decrypt(backup, emails.context("row-000")));
  }

  @Test
  void theRewrapJobCountsUnreadableValuesAndGoesOn() {
    crypto.fieldKeys().promote(crypto.fieldKeys().addKey());
    emails.rows.get("row-005")[20] ^= 1;
    RewrapProgress p = crypto.rewrap(emails, 10).run();
    assertEquals(1, p.unreadable());
    assertEquals(24, p.rewrapped());
    assertEquals("row-005", emails.unreadable.getFirst().cursor());
  }

  @Test
  void thePrimaryCannotBeRetiredNorARetiredKeyPromoted() {
    assertThrows(IllegalArgumentException.class, () -> crypto.fieldKeys().retireKeysBelow(2));
    crypto.fieldKeys().promote(crypto.fieldKeys().addKey());
    crypto.fieldKeys().retireKeysBelow(2);
    assertThrows(IllegalArgumentException.class, () -> crypto.fieldKeys().promote(1));
    assertThrows(IllegalArgumentException.class, () -> crypto.fieldKeys().promote(7));
  }

  /** Delegates to a source, for tests that change one behaviour. */
  static class ForwardingSource implements RewrapSource {
    private final RewrapSource delegate;

    ForwardingSource(RewrapSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<StoredValue> page(String afterCursor, int limit) {
      return delegate.page(afterCursor, limit);
    }

    @Override
    public boolean replace(StoredValue old, byte[] newCiphertext) {
      return delegate.replace(old, newCiphertext);
    }

    @Override
    public java.util.Optional<String> checkpoint() {
      return delegate.checkpoint();
    }

    @Override
    public void saveCheckpoint(String checkpoint) {
      delegate.saveCheckpoint(checkpoint);
    }
  }
}
