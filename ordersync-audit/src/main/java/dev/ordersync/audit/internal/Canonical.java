package dev.ordersync.audit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;

/**
 * The canonical byte encoding of a record, which is what the chain and the Merkle tree hash. It is
 * written out in the module README byte for byte so that a verifier in another language can be
 * written from it; change one without the other and every existing log stops verifying.
 *
 * <p>Every field is either an int64 (8 bytes, big-endian, two's complement), a string or byte
 * string (uint32 length, big-endian, then the bytes; strings in UTF-8), or an optional one of those
 * (one byte 0x00 when absent, or 0x01 then the value), in a fixed order. No field can be confused
 * with the next, and absent is distinct from empty.
 */
public final class Canonical {
  /**
   * The first field of every record: the encoding's name and version, so a future layout cannot
   * collide.
   */
  public static final String FORMAT = "ordersync.audit.v1";

  private static final byte[] FORMAT_BYTES = FORMAT.getBytes(StandardCharsets.UTF_8);

  private Canonical() {}

  public static byte[] encode(RawRecord r) {
    return encode(r, r.sequence());
  }

  /**
   * The encoding of {@code r} as if it sat at {@code sequence}: how the verifier tests where a
   * moved record came from.
   */
  public static byte[] encode(RawRecord r, long sequence) {
    Writer w = new Writer();
    w.bytes(FORMAT_BYTES);
    w.int64(sequence);
    w.bytes(uuidBytes(r.id()));
    w.int64(r.timeMicros());
    w.string(r.actorKind());
    w.optionalString(r.actorId());
    w.optionalString(r.actorRole());
    w.optionalString(r.actorRestaurant());
    w.string(r.action());
    w.optionalString(r.entityType());
    w.optionalString(r.entityId());
    w.optionalString(r.requestId());
    w.optionalString(r.traceId());
    w.optionalString(r.clientAddress());
    w.optionalBytes(r.oldValue());
    w.optionalBytes(r.newValue());
    return w.toByteArray();
  }

  /** The chain link: SHA-256(prev_hash || canonical bytes). */
  public static byte[] chainHash(byte[] prevHash, byte[] canonical) {
    MessageDigest d = Sha256.newDigest();
    d.update(prevHash);
    d.update(canonical);
    return d.digest();
  }

  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  static byte[] uuidBytes(UUID id) {
    byte[] b = new byte[16];
    long hi = id.getMostSignificantBits();
    long lo = id.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return b;
  }

  private static final class Writer extends ByteArrayOutputStream {
    Writer() {
      super(256);
    }

    void int64(long v) {
      for (int i = 56; i >= 0; i -= 8) {
        write((int) (v >>> i));
      }
    }

    void bytes(byte[] b) {
      int n = b.length;
      write(n >>> 24);
      write(n >>> 16);
      write(n >>> 8);
      write(n);
      write(b, 0, n);
    }

    void string(String s) {
      // A stored row may have lost a required field to tampering; encode it as empty and let the
      // hash disagree.
      bytes(s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
    }

    void optionalString(String s) {
      optionalBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    void optionalBytes(byte[] b) {
      if (b == null) {
        write(0);
      } else {
        write(1);
        bytes(b);
      }
    }
  }
}
