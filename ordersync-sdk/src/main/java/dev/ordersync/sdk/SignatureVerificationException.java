package dev.ordersync.sdk;

/**
 * A webhook delivery failed {@link Webhooks#verify}: the {@code OrderSync-Signature} header is
 * missing or malformed, no signature matches the secret, or its timestamp is outside the tolerance.
 * Answer the delivery 400 and do not act on it.
 */
public final class SignatureVerificationException extends OrderSyncException {
  private static final long serialVersionUID = 1L;

  private final String signatureHeader;

  public SignatureVerificationException(String message, String signatureHeader) {
    super(message, null);
    this.signatureHeader = signatureHeader;
  }

  /** The header as received (it holds no secret), or null when there was none. */
  public String signatureHeader() {
    return signatureHeader;
  }
}
