package dev.ordersync.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptingFieldsTest {
  static final FieldContext KIMS_EMAIL = FieldContext.of("users", "email", "42");

  @TempDir Path keys;
  FieldCrypto crypto;

  @BeforeEach
  void open() {
    crypto = FieldCrypto.open(KeysetStore.localCleartext(keys));
  }

  @Test
  void bytesAndStringsComeBackAsTheyWent() {
    byte[] bytes = {0, 1, 2, (byte) 0xff};
    assertArrayEquals(bytes, crypto.decrypt(crypto.encrypt(bytes, KIMS_EMAIL), KIMS_EMAIL));
    byte[] stored = crypto.encryptString("kim@example.kr", KIMS_EMAIL);
    assertEquals("kim@example.kr", crypto.decryptString(stored, KIMS_EMAIL));
  }

  @Test
  void anEmptyValueRoundTrips() {
    byte[] stored = crypto.encrypt(new byte[0], KIMS_EMAIL);
    assertEquals(34, stored.length);
    assertArrayEquals(new byte[0], crypto.decrypt(stored, KIMS_EMAIL));
    assertEquals("", crypto.decryptString(crypto.encryptString("", KIMS_EMAIL), KIMS_EMAIL));
  }

  @Test
  void unicodeRoundTrips() {
    String name = "김민준 🍜 Kalguksu – 칼국수";
    FieldContext ctx = FieldContext.of("주문", "고객_이름", "행-7");
    assertEquals(name, crypto.decryptString(crypto.encryptString(name, ctx), ctx));
  }

  @Test
  void aMebibyteRoundTrips() {
    byte[] big = new byte[1 << 20];
    new Random(7).nextBytes(big);
    byte[] stored = crypto.encrypt(big, KIMS_EMAIL);
    assertEquals(big.length + 34, stored.length);
    assertArrayEquals(big, crypto.decrypt(stored, KIMS_EMAIL));
  }

  @Test
  void theSameValueEncryptsDifferentlyEachTime() {
    assertFalse(
        Arrays.equals(
            crypto.encryptString("same", KIMS_EMAIL), crypto.encryptString("same", KIMS_EMAIL)),
        "a random nonce per value: equal plaintexts must not be visible as equal ciphertexts");
  }

  @Test
  void theStoredFormIsVersionKeyIdNonceCiphertextTag() {
    byte[] stored = crypto.encryptString("abc", KIMS_EMAIL);
    assertEquals(1, stored[0], "format version");
    assertEquals(1, stored[1], "key kind: field keyset");
    assertArrayEquals(
        new byte[] {0, 0, 0, 1}, Arrays.copyOfRange(stored, 2, 6), "key version 1, big-endian");
    assertEquals(6 + 12 + 3 + 16, stored.length);
  }

  @Test
  void aValueCopiedIntoAnotherRowColumnOrTableDoesNotDecrypt() {
    byte[] stored = crypto.encryptString("kim@example.kr", KIMS_EMAIL);
    for (FieldContext elsewhere :
        new FieldContext[] {
          FieldContext.of("users", "email", "43"),
          FieldContext.of("users", "phone", "42"),
          FieldContext.of("customers", "email", "42"),
          KIMS_EMAIL.forSubject("user:42"),
        }) {
      CryptoException e =
          assertThrows(CryptoException.class, () -> crypto.decrypt(stored, elsewhere));
      assertInstanceOf(DecryptionFailedException.class, e, elsewhere.toString());
      assertTrue(e.getMessage().contains(elsewhere.toString()), e.getMessage());
      assertTrue(
          e.getMessage().contains("belongs elsewhere") || e.getMessage().contains("another"),
          e.getMessage());
      assertFalse(e.getMessage().contains("kim@example.kr"), "never the plaintext");
    }
  }

  @Test
  void lengthPrefixedContextsCannotBeShiftedIntoEachOther() {
    byte[] stored = crypto.encryptString("x", FieldContext.of("ab", "c", "1"));
    assertThrows(
        DecryptionFailedException.class,
        () -> crypto.decrypt(stored, FieldContext.of("a", "bc", "1")));
  }

  @Test
  void changingAnyByteOfAStoredValueIsDetected() {
    byte[] stored = crypto.encryptString("kim@example.kr", KIMS_EMAIL);
    for (int i = 0; i < stored.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = stored.clone();
        tampered[i] ^= (byte) (1 << bit);
        int position = i;
        CryptoException e =
            assertThrows(
                CryptoException.class,
                () -> crypto.decrypt(tampered, KIMS_EMAIL),
                "byte " + position);
        Class<?> expected =
            i == 0
                ? MalformedCiphertextException.class
                : i == 1
                    ? (tampered[1] == 2
                        ? DecryptionFailedException.class
                        : MalformedCiphertextException.class)
                    : i < 6 ? UnknownKeyException.class : DecryptionFailedException.class;
        assertInstanceOf(expected, e, "byte " + i + " bit " + bit + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("kim@example.kr"));
      }
    }
  }

  @Test
  void aTruncatedValueIsRefusedAtEveryLength() {
    byte[] stored = crypto.encryptString("kim@example.kr", KIMS_EMAIL);
    for (int length = 0; length < stored.length; length++) {
      byte[] truncated = Arrays.copyOf(stored, length);
      CryptoException e =
          assertThrows(CryptoException.class, () -> crypto.decrypt(truncated, KIMS_EMAIL));
      if (length < 34) {
        assertInstanceOf(MalformedCiphertextException.class, e);
        assertTrue(e.getMessage().contains(length == 0 ? "empty" : "truncated"), e.getMessage());
      } else {
        assertInstanceOf(
            DecryptionFailedException.class,
            e,
            "cut inside the ciphertext: the tag no longer matches");
      }
    }
  }

  @Test
  void anUnknownKeyIdIsNamedAsSuch() {
    byte[] stored = crypto.encryptString("kim@example.kr", KIMS_EMAIL);
    stored[5] = 9;
    UnknownKeyException e =
        assertThrows(UnknownKeyException.class, () -> crypto.decrypt(stored, KIMS_EMAIL));
    assertEquals(9, e.keyVersion());
    assertTrue(e.getMessage().contains("key version 9"), e.getMessage());
    assertTrue(
        e.getMessage().contains("reload"),
        "a newer key than ours hints at a reload: " + e.getMessage());
  }

  @Test
  void anUnknownFormatVersionIsNamedAsSuch() {
    byte[] stored = crypto.encryptString("kim@example.kr", KIMS_EMAIL);
    stored[0] = 2;
    MalformedCiphertextException e =
        assertThrows(MalformedCiphertextException.class, () -> crypto.decrypt(stored, KIMS_EMAIL));
    assertTrue(e.getMessage().contains("unknown format version 2"), e.getMessage());
  }

  @Test
  void aValueFromAnotherKeysetDoesNotDecrypt(@TempDir Path otherKeys) {
    byte[] foreign =
        FieldCrypto.open(KeysetStore.localCleartext(otherKeys))
            .encryptString("kim@example.kr", KIMS_EMAIL);
    assertThrows(DecryptionFailedException.class, () -> crypto.decrypt(foreign, KIMS_EMAIL));
  }

  @Test
  void theKeysetIsCreatedOnceAndReadBackOnTheNextStart() {
    byte[] stored = crypto.encryptString("kim@example.kr", KIMS_EMAIL);
    FieldCrypto restarted = FieldCrypto.open(KeysetStore.localCleartext(keys));
    assertEquals("kim@example.kr", restarted.decryptString(stored, KIMS_EMAIL));
  }

  @Test
  void contextsRefuseBlankNames() {
    assertThrows(IllegalArgumentException.class, () -> FieldContext.of("users", " ", "1"));
    assertThrows(NullPointerException.class, () -> FieldContext.of("users", "email", null));
    assertThrows(IllegalArgumentException.class, () -> KIMS_EMAIL.forSubject(""));
    assertEquals("users.email[42] of subject user:42", KIMS_EMAIL.forSubject("user:42").toString());
  }

  @Test
  void stringsAreUtf8() {
    byte[] stored = crypto.encryptString("한", KIMS_EMAIL);
    assertArrayEquals("한".getBytes(StandardCharsets.UTF_8), crypto.decrypt(stored, KIMS_EMAIL));
  }
}
