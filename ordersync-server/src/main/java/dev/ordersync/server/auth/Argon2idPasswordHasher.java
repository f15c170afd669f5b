package dev.ordersync.server.auth;

import dev.ordersync.core.user.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (RFC 9106) computed by BouncyCastle, stored in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} so that the parameters travel with each hash
 * and can be raised later without breaking old hashes. The defaults are OWASP's minimum
 * recommendation (19 MiB, 2 passes, 1 lane).
 *
 * <p>Only the PHC encoding is ours (BouncyCastle has none); the hashing itself is the library's.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private final SecureRandom random = new SecureRandom();
  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;
  private final String dummyHash;

  public Argon2idPasswordHasher() {
    this(19 * 1024, 2, 1);
  }

  public Argon2idPasswordHasher(int memoryKiB, int iterations, int parallelism) {
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.dummyHash = hash("not a password: used to spend time on unknown accounts");
  }

  @Override
  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKiB, iterations, parallelism, 32);
    return "$argon2id$v=19$m="
        + memoryKiB
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  @Override
  public boolean matches(String password, String encoded) {
    String[] parts = encoded.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    int m = 0;
    int t = 0;
    int p = 0;
    for (String kv : parts[3].split(",")) {
      String[] pair = kv.split("=", 2);
      if (pair.length != 2) {
        return false;
      }
      int value;
      try {
        value = Integer.parseInt(pair[1]);
      } catch (NumberFormatException e) {
        return false;
      }
      switch (pair[0]) {
        case "m" -> m = value;
        case "t" -> t = value;
        case "p" -> p = value;
        default -> {
          return false;
        }
      }
    }
    if (m < 8 || t < 1 || p < 1) {
      return false;
    }
    byte[] salt;
    byte[] expected;
    try {
      salt = B64D.decode(parts[4]);
      expected = B64D.decode(parts[5]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] actual = derive(password, salt, m, t, p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  @Override
  public void burnEquivalentTime(String password) {
    matches(password, dummyHash);
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(m)
            .withIterations(t)
            .withParallelism(p)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
