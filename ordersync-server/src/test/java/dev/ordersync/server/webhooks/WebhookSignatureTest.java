package dev.ordersync.server.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The server signs as the SDK verifies: the fixed vector of the SDK's WebhooksTest, computed by
 * OpenSSL ({@code printf '1733616000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test}).
 */
class WebhookSignatureTest {
  private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void theSignatureIsOpenSslsHmacOfTimeDotBody() {
    assertEquals(
        "t=1733616000,v1=67f6e2c6834dfe2efe9889e1c929a3434d74d1c877599bf9530d5e991e7edd66",
        WebhookSignature.header(1733616000L, BODY, "whsec_test", null));
  }

  @Test
  void duringARotationTheNewSecretSignsFirstThenTheOld() {
    String both = WebhookSignature.header(1733616000L, BODY, "whsec_new", "whsec_test");
    assertTrue(
        both.endsWith(",v1=67f6e2c6834dfe2efe9889e1c929a3434d74d1c877599bf9530d5e991e7edd66"),
        both);
    assertEquals(3, both.split(",").length);
  }

  @Test
  void secretsAreRandomAndCarry256Bits() {
    String a = WebhookSignature.newSecret();
    assertTrue(a.matches("whsec_[A-Za-z0-9_-]{43}"), a);
    assertNotEquals(a, WebhookSignature.newSecret());
  }
}
