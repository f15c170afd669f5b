package dev.ordersync.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShreddingTest {
  static final FieldContext KIM_PHONE =
      FieldContext.of("orders", "customer_phone", "order-1").forSubject("customer:kim");
  static final FieldContext LEE_PHONE =
      FieldContext.of("orders", "customer_phone", "order-2").forSubject("customer:lee");
  static final FieldContext KIM_ADDRESS =
      FieldContext.of("orders", "address", "order-1").forSubject("customer:kim");
  static final FieldContext MENU_NOTE = FieldContext.of("menus", "note", "menu-1");

  @TempDir Path keys;
  CountingSubjectKeys subjectKeys;
  FieldCrypto crypto;

  @BeforeEach
  void open() {
    subjectKeys = new CountingSubjectKeys(SubjectKeyStore.inMemory());
    crypto =
        FieldCrypto.builder()
            .keysetStore(KeysetStore.localCleartext(keys))
            .subjectKeyStore(subjectKeys)
            .build();
  }

  @Test
  void shreddingOneSubjectLeavesEveryoneElseReadable() {
    byte[] kim = crypto.encryptString("010-1234-5678", KIM_PHONE);
    byte[] kimAgain = crypto.encryptString("kim's address", KIM_ADDRESS);
    byte[] lee = crypto.encryptString("010-8765-4321", LEE_PHONE);
    byte[] note = crypto.encryptString("no onions", MENU_NOTE);
    assertEquals(2, kim[1], "encrypted under the subject's own key");

    assertTrue(crypto.shredSubject("customer:kim"));

    ShreddedException e =
        assertThrows(ShreddedException.class, () -> crypto.decryptString(kim, KIM_PHONE));
    assertEquals("customer:kim", e.subjectId());
    assertTrue(e.getMessage().contains("crypto-shredded"), e.getMessage());
    assertThrows(ShreddedException.class, () -> crypto.decrypt(kimAgain, KIM_ADDRESS));
    assertEquals("010-8765-4321", crypto.decryptString(lee, LEE_PHONE));
    assertEquals("no onions", crypto.decryptString(note, MENU_NOTE));
    assertFalse(crypto.shredSubject("customer:kim"), "nothing left to shred");
  }

  @Test
  void aNewSubjectsKeyIsStoredWithoutALookUpFirst() {
    crypto.createSubjectKey("customer:kim");
    assertEquals(0, subjectKeys.finds.get(), "a subject known to be new is not looked for");
    assertEquals(1, subjectKeys.puts.get());

    byte[] kim = crypto.encryptString("010-1234-5678", KIM_PHONE);
    assertEquals(0, subjectKeys.finds.get(), "its first value uses the key just created");
    assertEquals(1, subjectKeys.puts.get());
    assertEquals("010-1234-5678", crypto.decryptString(kim, KIM_PHONE));
  }

  @Test
  void aSubjectThatHadAKeyAfterAllKeepsIt() {
    byte[] before = crypto.encryptString("010-1234-5678", KIM_PHONE);
    // Another instance, with nothing cached, is told the subject is new: the stored key must win,
    // or the value written
    // before would become unreadable.
    FieldCrypto other =
        FieldCrypto.builder()
            .keysetStore(KeysetStore.localCleartext(keys))
            .subjectKeyStore(subjectKeys)
            .build();
    other.createSubjectKey("customer:kim");
    byte[] after = other.encryptString("010-0000-0000", KIM_PHONE);
    assertEquals("010-1234-5678", other.decryptString(before, KIM_PHONE));
    assertEquals("010-0000-0000", crypto.decryptString(after, KIM_PHONE));
  }

  @Test
  void aShreddedSubjectStaysShreddedWhenItGetsANewKey() {
    byte[] old = crypto.encryptString("010-1234-5678", KIM_PHONE);
    crypto.shredSubject("customer:kim");
    byte[] fresh = crypto.encryptString("010-0000-0000", KIM_PHONE);
    assertEquals("010-0000-0000", crypto.decryptString(fresh, KIM_PHONE));
    assertThrows(
        ShreddedException.class,
        () -> crypto.decrypt(old, KIM_PHONE),
        "the old key is gone for good");
  }

  @Test
  void shreddingIsNotTamperingAndTamperingIsNotShredding() {
    byte[] kim = crypto.encryptString("010-1234-5678", KIM_PHONE);
    byte[] tampered = kim.clone();
    tampered[tampered.length - 1] ^= 1;
    CryptoException altered =
        assertThrows(CryptoException.class, () -> crypto.decrypt(tampered, KIM_PHONE));
    assertInstanceOf(DecryptionFailedException.class, altered);
    assertInstanceOf(
        DecryptionFailedException.class,
        assertThrows(
            CryptoException.class, () -> crypto.decrypt(kim, LEE_PHONE.forSubject("customer:kim"))),
        "another row of the same subject");
    crypto.shredSubject("customer:kim");
    assertInstanceOf(
        ShreddedException.class,
        assertThrows(CryptoException.class, () -> crypto.decrypt(kim, KIM_PHONE)));
  }

  @Test
  void aSubjectValueNeedsItsSubjectInTheContext() {
    byte[] kim = crypto.encryptString("010-1234-5678", KIM_PHONE);
    DecryptionFailedException e =
        assertThrows(
            DecryptionFailedException.class,
            () -> crypto.decrypt(kim, FieldContext.of("orders", "customer_phone", "order-1")));
    assertTrue(e.getMessage().contains("encrypted for a subject"), e.getMessage());
    FieldContext otherSubject =
        FieldContext.of("orders", "customer_phone", "order-1").forSubject("customer:lee");
    CryptoException wrongSubject =
        assertThrows(CryptoException.class, () -> crypto.decrypt(kim, otherSubject));
    assertTrue(
        wrongSubject.getMessage().contains("unless the context names another subject"),
        wrongSubject.getMessage());
  }

  @Test
  void withoutASubjectKeyStoreSubjectsAreRefusedClearly() {
    FieldCrypto plain = FieldCrypto.open(KeysetStore.localCleartext(keys));
    KeyAccessException e =
        assertThrows(KeyAccessException.class, () -> plain.encryptString("x", KIM_PHONE));
    assertTrue(e.getMessage().contains("SubjectKeyStore"), e.getMessage());
  }

  @Test
  void subjectKeysAreCachedNotFetchedPerValue() {
    for (int i = 0; i < 100; i++) {
      FieldContext note = FieldContext.of("orders", "note", "o" + i).forSubject("customer:kim");
      crypto.decrypt(crypto.encryptString("order " + i, note), note);
    }
    assertEquals(1, subjectKeys.finds.get());
    assertEquals(1, subjectKeys.puts.get());
  }

  @Test
  void theSubjectKeyCacheHonoursItsMaximumCount() {
    FieldCrypto small =
        FieldCrypto.builder()
            .keysetStore(KeysetStore.localCleartext(keys))
            .subjectKeyStore(subjectKeys)
            .subjectKeyCache(2, Duration.ofHours(1))
            .build();
    byte[] a = small.encryptString("a", ctx("a"));
    small.encryptString("b", ctx("b"));
    int finds = subjectKeys.finds.get();
    small.decrypt(a, ctx("a"));
    assertEquals(finds, subjectKeys.finds.get(), "two subjects fit");
    small.encryptString("c", ctx("c"));
    small.encryptString("b", ctx("b"));
    int before = subjectKeys.finds.get();
    small.decrypt(a, ctx("a"));
    assertEquals(
        before + 1,
        subjectKeys.finds.get(),
        "only two subjects fit: the least recently used one fell out");
  }

  @Test
  void theSubjectKeyCacheHonoursItsMaximumAgeSoAShredElsewhereTakesEffect() {
    MutableClock clock = new MutableClock();
    FieldCrypto instanceA =
        FieldCrypto.builder()
            .keysetStore(KeysetStore.localCleartext(keys))
            .subjectKeyStore(subjectKeys)
            .subjectKeyCache(100, Duration.ofMinutes(1))
            .clock(clock)
            .build();
    FieldCrypto instanceB =
        FieldCrypto.builder()
            .keysetStore(KeysetStore.localCleartext(keys))
            .subjectKeyStore(subjectKeys)
            .build();
    byte[] kim = instanceA.encryptString("010-1234-5678", KIM_PHONE);
    int finds = subjectKeys.finds.get();

    clock.advance(Duration.ofSeconds(59));
    instanceA.decrypt(kim, KIM_PHONE);
    assertEquals(finds, subjectKeys.finds.get(), "younger than a minute: from the cache");

    instanceB.shredSubject("customer:kim");
    clock.advance(Duration.ofSeconds(2));
    assertThrows(
        ShreddedException.class,
        () -> instanceA.decrypt(kim, KIM_PHONE),
        "older than a minute: reloaded");
    assertEquals(finds + 1, subjectKeys.finds.get());
  }

  @Test
  void wrappedSubjectKeysAreRewrappedLikeAnyOtherValue() {
    InMemoryTable subjectKeyTable =
        new InMemoryTable("(subject keys)", "wrapped_key") {
          @Override
          FieldContext context(String subjectId) {
            return FieldContext.subjectKey(subjectId);
          }
        };
    SubjectKeyStore store =
        new SubjectKeyStore() {
          @Override
          public Optional<byte[]> find(String subjectId) {
            return Optional.ofNullable(subjectKeyTable.rows.get(subjectId));
          }

          @Override
          public byte[] putIfAbsent(String subjectId, byte[] wrappedKey) {
            return subjectKeyTable.rows.computeIfAbsent(subjectId, s -> wrappedKey);
          }

          @Override
          public boolean delete(String subjectId) {
            return subjectKeyTable.rows.remove(subjectId) != null;
          }
        };
    FieldCrypto withTable =
        FieldCrypto.builder()
            .keysetStore(KeysetStore.localCleartext(keys))
            .subjectKeyStore(store)
            .subjectKeyCache(0, Duration.ZERO)
            .build();
    byte[] kim = withTable.encryptString("010-1234-5678", KIM_PHONE);
    withTable.encryptString("010-8765-4321", LEE_PHONE);

    withTable.fieldKeys().promote(withTable.fieldKeys().addKey());
    RewrapProgress p = withTable.rewrap(subjectKeyTable).run();
    assertEquals(2, p.rewrapped());
    withTable.fieldKeys().retireKeysBelow(2);
    assertEquals(
        "010-1234-5678",
        withTable.decryptString(kim, KIM_PHONE),
        "the subject's data is untouched");

    InMemoryTable orders = new InMemoryTable("orders", "customer_phone");
    orders.rows.put("order-1", kim);
    RewrapProgress values =
        withTable
            .rewrap(
                new RotatingKeysTest.ForwardingSource(orders) {
                  @Override
                  public java.util.List<StoredValue> page(String afterCursor, int limit) {
                    return super.page(afterCursor, limit).stream()
                        .map(v -> new StoredValue(v.cursor(), v.ciphertext(), KIM_PHONE))
                        .toList();
                  }
                })
            .run();
    assertEquals(1, values.underSubjectKeys(), "values under a subject key need no rewrap");
  }

  private static FieldContext ctx(String subject) {
    return FieldContext.of("t", "c", subject).forSubject(subject);
  }

  /** Counts calls to a subject key store. */
  static final class CountingSubjectKeys implements SubjectKeyStore {
    final SubjectKeyStore delegate;
    final AtomicInteger finds = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();

    CountingSubjectKeys(SubjectKeyStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<byte[]> find(String subjectId) {
      finds.incrementAndGet();
      return delegate.find(subjectId);
    }

    @Override
    public byte[] putIfAbsent(String subjectId, byte[] wrappedKey) {
      puts.incrementAndGet();
      return delegate.putIfAbsent(subjectId, wrappedKey);
    }

    @Override
    public boolean delete(String subjectId) {
      return delegate.delete(subjectId);
    }
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-24T09:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
