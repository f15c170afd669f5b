package dev.ordersync.crypto;

/**
 * The value belongs to a subject whose key was destroyed: it is permanently unreadable, by design.
 * Distinct from {@link DecryptionFailedException}, which means the value was altered or read in the
 * wrong context.
 *
 * <p>One ambiguity is inherent: the key that would authenticate the value is the one that is gone,
 * so a context that names the wrong subject (or an altered key id in the value's header) also ends
 * here.
 */
public final class ShreddedException extends CryptoException {
  private static final long serialVersionUID = 1L;
  private final String subjectId;

  ShreddedException(String message, String subjectId) {
    super(message, null);
    this.subjectId = subjectId;
  }

  public String subjectId() {
    return subjectId;
  }
}
