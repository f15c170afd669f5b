package dev.ordersync.core.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random bearer secrets (refresh tokens, recovery codes) and their hashes. The secrets have 256
 * bits of entropy, so a fast hash (SHA-256) is enough to store them: there is nothing to guess,
 * unlike a password.
 */
public final class OpaqueTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private OpaqueTokens() {}

  /** A new token: the prefix, then 32 random bytes in base64url. */
  public static String newToken(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * Recovery codes people can type: 16 characters of Crockford-style base32 in four groups (80
   * bits).
   */
  static String newRecoveryCode() {
    String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    StringBuilder sb = new StringBuilder(19);
    byte[] bytes = randomBytes(16);
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append('-');
      }
      sb.append(alphabet.charAt(bytes[i] & 31));
    }
    return sb.toString();
  }

  /** A recovery code as typed, normalised: upper case, no dashes or spaces. */
  static String normaliseRecoveryCode(String typed) {
    return typed.strip().toUpperCase(java.util.Locale.ROOT).replace("-", "").replace(" ", "");
  }
}
