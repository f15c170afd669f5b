package dev.ordersync.sdk;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The signatures are computed here with the JDK's Mac and hand-made hex, independently of {@link
 * Webhooks}, plus one fixed vector checked against an outside implementation ({@code printf
 * '1733616000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test}).
 */
class WebhooksTest {
  private static final String SECRET = "whsec_test";
  private static final String BODY = "{\"id\":\"evt_1\"}";
  private static final long T = 1733616000L;
  private static final Clock AT_T = Clock.fixed(Instant.ofEpochSecond(T + 30), ZoneOffset.UTC);

  private static String hmacHex(String secret, String signed) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    StringBuilder hex = new StringBuilder();
    for (byte b : mac.doFinal(signed.getBytes(StandardCharsets.UTF_8))) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }

  private static void verify(String body, String header, String secret, Duration tolerance) {
    Webhooks.verify(body.getBytes(StandardCharsets.UTF_8), header, secret, tolerance, AT_T);
  }

  @Test
  void aFixedVectorFromOpenSsl() throws Exception {
    String fromOpenSsl = "67f6e2c6834dfe2efe9889e1c929a3434d74d1c877599bf9530d5e991e7edd66";
    assertEquals(fromOpenSsl, hmacHex(SECRET, T + "." + BODY));
    String header = "t=" + T + ",v1=" + fromOpenSsl;
    assertDoesNotThrow(() -> verify(BODY, header, SECRET, Duration.ofMinutes(5)));
    assertEquals(
        header,
        Webhooks.signatureHeader(
            BODY.getBytes(StandardCharsets.UTF_8), SECRET, Instant.ofEpochSecond(T)));
  }

  @Test
  void aSignatureOfAnotherBodyOrSecretIsRefused() throws Exception {
    String header = "t=" + T + ",v1=" + hmacHex(SECRET, T + "." + BODY);
    var e =
        assertThrows(
            SignatureVerificationException.class,
            () -> verify(BODY + " ", header, SECRET, Duration.ofMinutes(5)));
    assertEquals(header, e.signatureHeader());
    assertThrows(
        SignatureVerificationException.class,
        () -> verify(BODY, header, "whsec_other", Duration.ofMinutes(5)));
    // The timestamp is signed too: moving it breaks the signature.
    String moved = "t=" + (T + 1) + ",v1=" + hmacHex(SECRET, T + "." + BODY);
    assertThrows(
        SignatureVerificationException.class,
        () -> verify(BODY, moved, SECRET, Duration.ofMinutes(5)));
  }

  @Test
  void duringRotationAnyV1MayMatch() throws Exception {
    String header =
        "t="
            + T
            + ",v1="
            + hmacHex("whsec_new", T + "." + BODY)
            + ",v1="
            + hmacHex("whsec_old", T + "." + BODY)
            + ",v0=ignored";
    assertDoesNotThrow(() -> verify(BODY, header, "whsec_old", Duration.ofMinutes(5)));
    assertDoesNotThrow(() -> verify(BODY, header, "whsec_new", Duration.ofMinutes(5)));
    assertThrows(
        SignatureVerificationException.class,
        () -> verify(BODY, header, "whsec_gone", Duration.ofMinutes(5)));
  }

  @Test
  void anOldOrFutureTimestampIsRefusedEvenWhenTheSignatureMatches() throws Exception {
    long old = T + 30 - 301;
    String stale = "t=" + old + ",v1=" + hmacHex(SECRET, old + "." + BODY);
    var e =
        assertThrows(
            SignatureVerificationException.class,
            () -> verify(BODY, stale, SECRET, Duration.ofMinutes(5)));
    assertTrue(e.getMessage().contains("301 s"), e.getMessage());
    long ahead = T + 30 + 301;
    String future = "t=" + ahead + ",v1=" + hmacHex(SECRET, ahead + "." + BODY);
    assertThrows(
        SignatureVerificationException.class,
        () -> verify(BODY, future, SECRET, Duration.ofMinutes(5)));
    long edge = T + 30 - 300;
    String justInTime = "t=" + edge + ",v1=" + hmacHex(SECRET, edge + "." + BODY);
    assertDoesNotThrow(() -> verify(BODY, justInTime, SECRET, Duration.ofMinutes(5)));
  }

  @Test
  void malformedHeadersAreRefused() {
    for (String header :
        new String[] {
          null,
          "",
          "v1=" + "0".repeat(64),
          "t=" + T,
          "t=abc,v1=" + "0".repeat(64),
          "t=" + T + ",v1=zz",
          "t=" + T + ",t=" + T + ",v1=" + "0".repeat(64),
        }) {
      assertThrows(
          SignatureVerificationException.class,
          () -> verify(BODY, header, SECRET, Duration.ofMinutes(5)),
          String.valueOf(header));
    }
  }

  @Test
  void theBodyIsSignedAsItsUtf8Bytes() throws Exception {
    String body = "{\"name\":\"비빔밥\"}";
    String header = "t=" + T + ",v1=" + hmacHex(SECRET, T + "." + body);
    assertDoesNotThrow(() -> verify(body, header, SECRET, Duration.ofMinutes(5)));
  }
}
