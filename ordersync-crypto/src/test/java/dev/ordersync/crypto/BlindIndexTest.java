package dev.ordersync.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlindIndexTest {
  @TempDir Path keys;
  FieldCrypto crypto;

  @BeforeEach
  void open() {
    crypto = FieldCrypto.open(KeysetStore.localCleartext(keys));
  }

  @Test
  void theSameValueGivesTheSameIndex() {
    BlindIndex emails = crypto.blindIndex("users", "email", 32);
    assertArrayEquals(emails.compute("kim@example.kr"), emails.compute("kim@example.kr"));
    assertFalse(Arrays.equals(emails.compute("kim@example.kr"), emails.compute("lee@example.kr")));
    FieldCrypto restarted = FieldCrypto.open(KeysetStore.localCleartext(keys));
    assertArrayEquals(
        emails.compute("kim@example.kr"),
        restarted.blindIndex("users", "email", 32).compute("kim@example.kr"));
  }

  @Test
  void everyColumnHasItsOwnKey() {
    byte[] email = crypto.blindIndex("users", "email", 64).compute("kim@example.kr");
    assertFalse(
        Arrays.equals(email, crypto.blindIndex("users", "login", 64).compute("kim@example.kr")));
    assertFalse(
        Arrays.equals(email, crypto.blindIndex("staff", "email", 64).compute("kim@example.kr")));
    assertFalse(
        Arrays.equals(
            crypto.blindIndex("ab", "c", 64).compute("x"),
            crypto.blindIndex("a", "bc", 64).compute("x")));
  }

  @Test
  void theIndexIsTruncatedToTheBitsAskedFor() {
    byte[] index = crypto.blindIndex("users", "email", 18).compute("kim@example.kr");
    assertEquals(3, index.length, "18 bits in 3 bytes");
    assertEquals(0, index[2] & 0x3f, "the 6 bits past the 18th are zero");
    assertEquals(32, crypto.blindIndex("users", "email", 256).compute("x").length);
    assertThrows(IllegalArgumentException.class, () -> crypto.blindIndex("users", "email", 0));
    assertThrows(IllegalArgumentException.class, () -> crypto.blindIndex("users", "email", 257));
  }

  @Test
  void aShortIndexIsSharedByAboutAsManyRowsAsThePlannerSays() {
    int rows = 4096;
    int bits = BlindIndexPlanner.bits(rows, 64);
    assertEquals(11, bits);
    BlindIndex index = crypto.blindIndex("users", "email", bits);
    Map<Integer, Integer> perTerm = new HashMap<>();
    for (int i = 0; i < rows; i++) {
      int term =
          ByteBuffer.wrap(Arrays.copyOf(index.compute("user" + i + "@example.kr"), 4)).getInt();
      perTerm.merge(term, 1, Integer::sum);
    }
    double mean = perTerm.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertEquals(2.0, BlindIndexPlanner.expectedCoincidences(rows, bits, 64));
    assertTrue(mean > 1.5 && mean < 3.0, "rows per used term: " + mean);
  }

  @Test
  void thePlannerKeepsTwoToFourRowsPerIndexValue() {
    assertEquals(15, BlindIndexPlanner.bits(100_000, 64), "C = 1e5 / 2^15 = 3.1");
    assertEquals(18, BlindIndexPlanner.bits(1_000_000, 64), "C = 1e6 / 2^18 = 3.8");
    assertEquals(19, BlindIndexPlanner.bits(1 << 20, 64), "C = 2 exactly");
    assertEquals(22, BlindIndexPlanner.bits(10_000_000, 64));
    assertEquals(
        26, BlindIndexPlanner.bits(1L << 40, 26), "capped by the input's entropy (a phone number)");
    assertEquals(1, BlindIndexPlanner.bits(3, 64), "never below one bit");
    for (long rows = 4; rows < 1L << 40; rows = rows * 3 + 1) {
      double c = BlindIndexPlanner.expectedCoincidences(rows, BlindIndexPlanner.bits(rows, 64), 64);
      assertTrue(c >= 2 && c < 4, rows + " rows: C = " + c);
    }
    assertThrows(IllegalArgumentException.class, () -> BlindIndexPlanner.bits(0, 64));
  }

  @Test
  void afterARotationALookUpFindsRowsIndexedUnderEitherKey() {
    BlindIndex emails = crypto.blindIndex("users", "email", 16);
    Map<String, byte[]> indexColumn = new HashMap<>();
    indexColumn.put("row-1", emails.compute("kim@example.kr"));

    int v2 = crypto.blindIndexKeys().addKey();
    assertEquals(
        2,
        emails.lookupTerms("kim@example.kr").size(),
        "an added key is looked up before it is promoted");
    crypto.blindIndexKeys().promote(v2);
    indexColumn.put("row-2", emails.compute("kim@example.kr"));
    assertFalse(
        Arrays.equals(indexColumn.get("row-1"), indexColumn.get("row-2")),
        "a new key, a new index");

    List<byte[]> terms = emails.lookupTerms("kim@example.kr");
    assertEquals(2, terms.size());
    assertArrayEquals(indexColumn.get("row-2"), terms.getFirst(), "the primary's term first");
    assertEquals(List.of("row-1", "row-2"), find(indexColumn, terms));

    crypto.blindIndexKeys().retireKeysBelow(v2);
    assertEquals(List.of("row-2"), find(indexColumn, emails.lookupTerms("kim@example.kr")));
  }

  private static List<String> find(Map<String, byte[]> indexColumn, List<byte[]> terms) {
    List<String> found = new ArrayList<>();
    indexColumn.forEach(
        (row, term) -> {
          if (terms.stream().anyMatch(t -> Arrays.equals(t, term))) {
            found.add(row);
          }
        });
    found.sort(null);
    return found;
  }
}
