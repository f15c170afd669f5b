package dev.ordersync.core.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TotpTest {
  private static final byte[] RFC_SECRET =
      "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void matchesTheTestVectorsOfRfc6238ForSha1() {
    long[][] vectors = {
      {59L, 94287082L},
      {1111111109L, 7081804L},
      {1111111111L, 14050471L},
      {1234567890L, 89005924L},
      {2000000000L, 69279037L},
      {20000000000L, 65353130L}
    };
    for (long[] v : vectors) {
      long step = Totp.step(Instant.ofEpochSecond(v[0]));
      assertEquals(
          String.format("%08d", v[1]), Totp.code(RFC_SECRET, step, 8, "HmacSHA1"), "T=" + v[0]);
    }
  }

  @Test
  void sixDigitCodesAreTheLastSixOfTheRfcValues() {
    assertEquals("287082", Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59))));
  }

  @Test
  void acceptsOneStepOfDriftEitherWayAndNeverTheSameStepTwice() {
    Instant now = Instant.ofEpochSecond(1_700_000_000L);
    long step = Totp.step(now);
    String previous = Totp.code(RFC_SECRET, step - 1);
    String next = Totp.code(RFC_SECRET, step + 1);
    String twoAgo = Totp.code(RFC_SECRET, step - 2);
    assertEquals(step - 1, Totp.verify(RFC_SECRET, previous, now, Long.MIN_VALUE).orElseThrow());
    assertEquals(step + 1, Totp.verify(RFC_SECRET, next, now, Long.MIN_VALUE).orElseThrow());
    assertTrue(Totp.verify(RFC_SECRET, twoAgo, now, Long.MIN_VALUE).isEmpty());
    assertTrue(
        Totp.verify(RFC_SECRET, previous, now, step - 1).isEmpty(), "a used step is refused");
    assertTrue(Totp.verify(RFC_SECRET, "12345", now, Long.MIN_VALUE).isEmpty());
    assertTrue(Totp.verify(RFC_SECRET, "abcdef", now, Long.MIN_VALUE).isEmpty());
  }

  @Test
  void theUriCarriesTheBase32SecretForAuthenticatorApps() {
    assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.Base32.encode(RFC_SECRET));
    assertEquals("MZXW6YQ", Totp.Base32.encode("foob".getBytes(StandardCharsets.US_ASCII)));
    String uri = Totp.uri("OrderSync", "kim@example.kr", RFC_SECRET);
    assertEquals(
        "otpauth://totp/OrderSync:kim%40example.kr?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=OrderSync"
            + "&algorithm=SHA1&digits=6&period=30",
        uri);
  }
}
