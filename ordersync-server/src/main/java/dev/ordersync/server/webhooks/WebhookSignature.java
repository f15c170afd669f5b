package dev.ordersync.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code OrderSync-Signature} header, Stripe's scheme: {@code t=<unix seconds>,v1=<hex>}, the
 * hex being HMAC-SHA256 keyed with the secret's UTF-8 bytes over {@code "<t>.<body>"}; while a
 * rotation is under way one {@code v1} per valid secret, the newest first. The SDK's {@code
 * Webhooks.verify} checks it.
 */
public final class WebhookSignature {
  /** The header that carries the signature. */
  public static final String HEADER = "OrderSync-Signature";

  /** The header that carries the event's id, the same on every retry and replay. */
  public static final String EVENT_ID_HEADER = "OrderSync-Event-Id";

  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignature() {}

  /** A new secret: {@code whsec_} and 32 random bytes, base64url. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The header value for {@code body} signed at {@code unixSeconds} with {@code secret}, and with
   * {@code previous} too when it is not null.
   */
  public static String header(long unixSeconds, byte[] body, String secret, String previous) {
    StringBuilder out =
        new StringBuilder("t=")
            .append(unixSeconds)
            .append(",v1=")
            .append(hex(secret, unixSeconds, body));
    if (previous != null) {
      out.append(",v1=").append(hex(previous, unixSeconds, body));
    }
    return out.toString();
  }

  static String hex(String secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is in every JDK", e);
    }
  }
}
