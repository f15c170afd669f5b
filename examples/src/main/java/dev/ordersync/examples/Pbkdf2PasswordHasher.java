package dev.ordersync.examples;

import dev.ordersync.core.user.PasswordHasher;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password hasher from the JDK alone, so that the core-only example needs no library:
 * PBKDF2-HMAC-SHA256 with a random 16-byte salt and OWASP's 600,000 iterations, stored as {@code
 * pbkdf2-sha256$600000$salt$hash}.
 *
 * <p>The OrderSync server hashes with Argon2id instead (memory-hard, so guessing on GPUs costs far
 * more); use that, or this at no fewer iterations, in anything real.
 */
final class Pbkdf2PasswordHasher implements PasswordHasher {
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int ITERATIONS = 600_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final SecureRandom random = new SecureRandom();

  @Override
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "pbkdf2-sha256$"
        + ITERATIONS
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(derive(password, salt, ITERATIONS));
  }

  @Override
  public boolean matches(String password, String encodedHash) {
    String[] parts = encodedHash.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
      return false;
    }
    int iterations = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    // Compares in constant time, so the time taken says nothing about how much of the hash matched.
    return MessageDigest.isEqual(expected, derive(password, salt, iterations));
  }

  @Override
  public void burnEquivalentTime(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    derive(password, salt, ITERATIONS);
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
