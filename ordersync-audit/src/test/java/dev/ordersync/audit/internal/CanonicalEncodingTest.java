package dev.ordersync.audit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The canonical encoding is a contract with every verifier ever written, in any language: these
 * bytes and hashes are also in the module README, and were computed from the README's description
 * by a separate implementation.
 */
class CanonicalEncodingTest {
  /** The README's example record: record #1, the first of its log. */
  static RawRecord goldenRecord() {
    return new RawRecord(
        1,
        UUID.fromString("123e4567-e89b-42d3-a456-426614174000"),
        Canonical.micros(Instant.parse("2026-11-24T12:34:56.789012Z")),
        "USER",
        "user-1",
        "OWNER",
        "restaurant-1",
        "ACCEPT_ORDER",
        "order",
        "order-42",
        "req-1",
        null,
        "203.0.113.7",
        new byte[] {1, 2, 3},
        null,
        new byte[32],
        null);
  }

  static final String GOLDEN_BYTES =
      "000000126f7264657273796e632e61756469742e7631" // "ordersync.audit.v1"
          + "0000000000000001" // sequence 1
          + "00000010123e4567e89b42d3a456426614174000" // id, 16 bytes
          + "00066104f0220614" // time in microseconds since 1970
          + "00000004555345520100000006757365722d31" // "USER", present "user-1"
          + "01000000054f574e4552" // present "OWNER"
          + "010000000c72657374617572616e742d31" // present "restaurant-1"
          + "0000000c4143434550545f4f52444552" // "ACCEPT_ORDER"
          + "01000000056f72646572" // present "order"
          + "01000000086f726465722d3432" // present "order-42"
          + "01000000057265712d31" // present "req-1"
          + "00" // trace id absent
          + "010000000b3230332e302e3131332e37" // present "203.0.113.7"
          + "0100000003010203" // old value: sealed bytes 01 02 03
          + "00"; // new value absent

  static final String GOLDEN_CHAIN_HASH =
      "4cf70f21b10ff0e82fa3b4df804f34fcec16ef879029a73abe9baba74c1a534a";
  static final String GOLDEN_LEAF_HASH =
      "38a14ebe6c366ec02b8a0ace6de192f5c612dde6cebdf16031a33e48bde820de";

  @Test
  void aFixedRecordEncodesToTheDocumentedBytes() {
    assertEquals(GOLDEN_BYTES, HexFormat.of().formatHex(Canonical.encode(goldenRecord())));
  }

  @Test
  void itsChainHashAndLeafHashAreTheDocumentedOnes() {
    byte[] canonical = Canonical.encode(goldenRecord());
    assertEquals(
        GOLDEN_CHAIN_HASH, HexFormat.of().formatHex(Canonical.chainHash(new byte[32], canonical)));
    assertEquals(GOLDEN_LEAF_HASH, HexFormat.of().formatHex(Merkle.leafHash(canonical)));
  }

  @Test
  void absentAndEmptyAreDifferent() {
    RawRecord absent = goldenRecord();
    RawRecord empty =
        new RawRecord(
            1,
            absent.id(),
            absent.timeMicros(),
            "USER",
            "user-1",
            "OWNER",
            "restaurant-1",
            "ACCEPT_ORDER",
            "order",
            "order-42",
            "req-1",
            "",
            "203.0.113.7",
            new byte[] {1, 2, 3},
            null,
            new byte[32],
            null);
    assertFalse(Arrays.equals(Canonical.encode(absent), Canonical.encode(empty)));
  }

  @Test
  void fieldsCannotBleedIntoEachOther() {
    RawRecord a = goldenRecord();
    RawRecord b =
        new RawRecord(
            1,
            a.id(),
            a.timeMicros(),
            "USER",
            "user-1",
            "OWNER",
            "restaurant-1",
            "ACCEPT_ORDER",
            "orde",
            "rorder-42",
            "req-1",
            null,
            "203.0.113.7",
            new byte[] {1, 2, 3},
            null,
            new byte[32],
            null);
    assertFalse(Arrays.equals(Canonical.encode(a), Canonical.encode(b)));
  }

  @Test
  void theSequenceIsPartOfWhatIsHashed() {
    assertFalse(
        Arrays.equals(Canonical.encode(goldenRecord(), 1), Canonical.encode(goldenRecord(), 2)));
    assertArrayEquals(Canonical.encode(goldenRecord()), Canonical.encode(goldenRecord(), 1));
  }

  @Test
  void microsecondsRoundTripThroughInstants() {
    for (String t :
        new String[] {
          "1969-12-31T23:59:59.999999Z", "1970-01-01T00:00:00Z", "2026-11-24T12:34:56.789012Z"
        }) {
      Instant i = Instant.parse(t);
      assertEquals(i, Canonical.instant(Canonical.micros(i)));
    }
  }
}
