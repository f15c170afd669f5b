package dev.ordersync.core.notify;

import java.util.Objects;

/**
 * One rendered message, as a provider receives it.
 *
 * @param channel how it goes out
 * @param to the recipient: a phone number's digits ({@code 01012345678}) for SMS, an email address
 *     for email
 * @param subject the email's subject, or the title of a long text message (LMS); may be null for a
 *     short text message
 * @param body the text (plain text; an email adapter may also send it as simple HTML)
 */
public record Message(Channel channel, String to, String subject, String body) {
  public Message {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(body, "body");
  }

  /** Shown in logs and admin views instead of the message: never the recipient or the text. */
  @Override
  public String toString() {
    return "Message[" + channel + ", " + body.length() + " chars]";
  }
}
