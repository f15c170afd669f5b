package dev.ordersync.core.user;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 6 digits, 30-second steps, one
 * step of drift either way. Written here rather than taken from a library because it is thirty
 * lines of arithmetic over the JDK's HMAC, fully pinned by the RFC's test vectors (see TotpTest),
 * and a library would add a dependency to the core.
 */
public final class Totp {
  public static final int DIGITS = 6;
  public static final long STEP_SECONDS = 30;
  public static final int SECRET_BYTES = 20;

  private Totp() {}

  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** The code for one time step, as a zero-padded string. */
  public static String code(byte[] secret, long step) {
    return code(secret, step, DIGITS, "HmacSHA1");
  }

  static String code(byte[] secret, long step, int digits, String algorithm) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret, algorithm));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary =
          ((h[offset] & 0x7f) << 24)
              | ((h[offset + 1] & 0xff) << 16)
              | ((h[offset + 2] & 0xff) << 8)
              | (h[offset + 3] & 0xff);
      int modulus = (int) Math.pow(10, digits);
      return String.format("%0" + digits + "d", binary % modulus);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }

  /**
   * The step the code matches, among the current step and one either side, if that step is later
   * than {@code lastUsedStep} (a code is good once); empty otherwise.
   */
  public static OptionalLong verify(byte[] secret, String code, Instant now, long lastUsedStep) {
    if (code == null || !code.matches("\\d{" + DIGITS + "}")) {
      return OptionalLong.empty();
    }
    long current = step(now);
    for (long s = current - 1; s <= current + 1; s++) {
      if (s > lastUsedStep
          && MessageDigest.isEqual(
              code(secret, s).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              code.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
        return OptionalLong.of(s);
      }
    }
    return OptionalLong.empty();
  }

  /** The enrolment URI authenticator apps read from a QR code (Key URI Format). */
  public static String uri(String issuer, String account, byte[] secret) {
    String label = encode(issuer) + ":" + encode(account);
    return "otpauth://totp/"
        + label
        + "?secret="
        + Base32.encode(secret)
        + "&issuer="
        + encode(issuer)
        + "&algorithm=SHA1&digits="
        + DIGITS
        + "&period="
        + STEP_SECONDS;
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** RFC 4648 base32 without padding, the form authenticator apps expect for secrets. */
  static final class Base32 {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {}

    static String encode(byte[] data) {
      StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
      int buffer = 0;
      int bits = 0;
      for (byte b : data) {
        buffer = (buffer << 8) | (b & 0xff);
        bits += 8;
        while (bits >= 5) {
          out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
          bits -= 5;
        }
      }
      if (bits > 0) {
        out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
      }
      return out.toString();
    }
  }
}
