package dev.ordersync.sdk;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook delivery comes from OrderSync and is recent.
 *
 * <p>Each delivery carries {@code OrderSync-Signature: t=<unix seconds>,v1=<hex>}, where the hex is
 * HMAC-SHA256, keyed with the endpoint's secret (its UTF-8 bytes, as shown when the endpoint was
 * made), of the text {@code <t>.<body>}: the timestamp, a dot, and the raw body exactly as
 * received. While a secret is being rotated the header carries one {@code v1} per valid secret; one
 * match is enough.
 *
 * <pre>{@code
 * byte[] body = request.bodyBytes();                    // the raw bytes: never re-serialized JSON
 * try {
 *   Webhooks.verify(body, request.header("OrderSync-Signature"), secret, Duration.ofMinutes(5));
 * } catch (SignatureVerificationException e) {
 *   return 400;
 * }
 * }</pre>
 */
public final class Webhooks {
  /** The header that carries the signature. */
  public static final String SIGNATURE_HEADER = "OrderSync-Signature";

  /** The tolerance Stripe and we suggest: five minutes either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String ALGORITHM = "HmacSHA256";

  private Webhooks() {}

  /** {@link #verify(byte[], String, String, Duration)} of a body given as text (UTF-8). */
  public static void verify(
      String payload, String signatureHeader, String secret, Duration tolerance) {
    Objects.requireNonNull(payload, "payload");
    verify(payload.getBytes(StandardCharsets.UTF_8), signatureHeader, secret, tolerance);
  }

  /**
   * Returns normally when one {@code v1} signature of {@code signatureHeader} is the HMAC of {@code
   * payload} under {@code secret} and its timestamp is within {@code tolerance} of now.
   *
   * @throws SignatureVerificationException when the header is missing or malformed, no signature
   *     matches, or the timestamp is too old (or too far ahead)
   */
  public static void verify(
      byte[] payload, String signatureHeader, String secret, Duration tolerance) {
    verify(payload, signatureHeader, secret, tolerance, Clock.systemUTC());
  }

  /** As {@link #verify(byte[], String, String, Duration)}, with {@code clock} telling the time. */
  public static void verify(
      byte[] payload, String signatureHeader, String secret, Duration tolerance, Clock clock) {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(tolerance, "tolerance");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the secret is empty");
    }
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("the tolerance is negative");
    }
    if (signatureHeader == null || signatureHeader.isBlank()) {
      throw new SignatureVerificationException(
          "no " + SIGNATURE_HEADER + " header", signatureHeader);
    }
    Long timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : signatureHeader.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      if (name.equals("t")) {
        if (timestamp != null
            || value.isEmpty()
            || value.length() > 12
            || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new SignatureVerificationException(
              "the signature's timestamp is malformed", signatureHeader);
        }
        timestamp = Long.parseLong(value);
      } else if (name.equals("v1")) {
        if (value.length() == 64) {
          try {
            signatures.add(HexFormat.of().parseHex(value));
          } catch (IllegalArgumentException e) {
            // not hex: cannot match; the others may
          }
        }
      }
    }
    if (timestamp == null) {
      throw new SignatureVerificationException("the signature has no timestamp", signatureHeader);
    }
    if (signatures.isEmpty()) {
      throw new SignatureVerificationException("the signature has no v1 value", signatureHeader);
    }
    byte[] expected = hmac(secret, timestamp, payload);
    boolean matched = false;
    for (byte[] candidate : signatures) {
      // Constant time, and every candidate is compared, so timing says nothing about which one.
      matched |= MessageDigest.isEqual(expected, candidate);
    }
    if (!matched) {
      throw new SignatureVerificationException(
          "no signature matches the payload and secret", signatureHeader);
    }
    Duration age = Duration.between(Instant.ofEpochSecond(timestamp), clock.instant()).abs();
    if (age.compareTo(tolerance) > 0) {
      throw new SignatureVerificationException(
          "the signature's timestamp is " + age.toSeconds() + " s away from now", signatureHeader);
    }
  }

  /**
   * The {@code OrderSync-Signature} header value for {@code payload} signed at {@code at}: for
   * tests of a webhook receiver.
   */
  public static String signatureHeader(byte[] payload, String secret, Instant at) {
    long t = at.getEpochSecond();
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t, payload));
  }

  private static byte[] hmac(String secret, long timestamp, byte[] payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(payload);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is in every JDK", e);
    }
  }
}
