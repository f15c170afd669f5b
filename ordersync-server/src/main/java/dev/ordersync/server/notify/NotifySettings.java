package dev.ordersync.server.notify;

/**
 * Which notification channels are configured: each is its provider's settings, or null with the
 * reason it is off (for the one line the server logs at start).
 *
 * @param sms Aligo's settings, or null when text messages are off
 * @param smsOff why text messages are off ({@code "ORDERSYNC_ALIGO_KEY is not set"}), or null
 * @param email SendGrid's settings, or null when email is off
 * @param emailOff why email is off, or null
 */
public record NotifySettings(
    AligoSms.Settings sms, String smsOff, SendGridEmail.Settings email, String emailOff) {
  public NotifySettings {
    if ((sms == null) == (smsOff == null) || (email == null) == (emailOff == null)) {
      throw new IllegalArgumentException("each channel has either settings or a reason it is off");
    }
  }

  /** Both channels off (tests, demos). */
  public static NotifySettings off() {
    return new NotifySettings(
        null, "ORDERSYNC_ALIGO_KEY is not set", null, "ORDERSYNC_SENDGRID_API_KEY is not set");
  }
}
