package dev.ordersync.sdk;

/**
 * The start of turning on a second factor: show {@code otpauthUri} as a QR code (or {@code secret}
 * as text) to the user's authenticator app, then confirm with its first code ({@link
 * AuthResource#confirmTotp(String)}).
 */
public record TotpEnrollment(String secret, String otpauthUri) {
  @Override
  public String toString() {
    return "TotpEnrollment[<redacted>]";
  }
}
