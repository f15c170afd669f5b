package dev.ordersync.audit.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every JDK has; the checked exception is noise. */
public final class Sha256 {
  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every JDK", e);
    }
  }

  public static byte[] of(byte[]... parts) {
    MessageDigest d = newDigest();
    for (byte[] p : parts) {
      d.update(p);
    }
    return d.digest();
  }
}
