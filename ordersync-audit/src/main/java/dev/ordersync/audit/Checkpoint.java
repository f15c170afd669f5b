package dev.ordersync.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A signed statement "the log named {@link #origin()} held {@link #size()} records, and their
 * Merkle tree hash was {@link #root()}". Holding one means its signature was checked: they come
 * only from {@link CheckpointSigner#sign} or {@link CheckpointVerifier#verify(String)}.
 *
 * <p>{@link #text()} is the portable form, a C2SP signed note (c2sp.org/tlog-checkpoint); keep
 * copies outside the database, where whoever can rewrite the database cannot reach them.
 */
public final class Checkpoint {
  private final String origin;
  private final long size;
  private final Hash root;
  private final String text;

  Checkpoint(String origin, long size, Hash root, String text) {
    this.origin = origin;
    this.size = size;
    this.root = root;
    this.text = text;
  }

  public String origin() {
    return origin;
  }

  /** How many records the tree holds: records #1 to #size. */
  public long size() {
    return size;
  }

  public Hash root() {
    return root;
  }

  /**
   * The signed note, byte for byte as signed: origin, size and root lines, a blank line, signature
   * lines.
   */
  public String text() {
    return text;
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoint c && text.equals(c.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + " size=" + size + " root=" + root + "]";
  }
}
