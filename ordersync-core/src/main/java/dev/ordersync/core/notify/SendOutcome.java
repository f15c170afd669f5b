package dev.ordersync.core.notify;

import java.time.Duration;

/**
 * What became of one attempt to hand a message to a provider. The deliverer acts on it: a sent
 * message is done, a refused one goes to the dead letters (an admin may retry it by hand), one to
 * retry is tried again later with backoff, and one whose fate is unknown is recorded as such and
 * not sent again blindly.
 */
public sealed interface SendOutcome {
  /** The provider took the message. */
  record Sent(String providerMessageId) implements SendOutcome {}

  /**
   * The provider did not take the message this time and trying again may work: rate limited, a
   * server error, or it could not be reached (nothing was sent).
   *
   * @param code the provider's code or the HTTP status ({@code 429}, {@code 503}, {@code
   *     connect_failed})
   * @param retryAfter how long the provider asked us to wait, or null when it did not say
   */
  record RetryLater(String code, String detail, Duration retryAfter) implements SendOutcome {}

  /**
   * The provider refused the message for a reason retrying will not fix: a bad number, no balance,
   * a bad key, an unregistered sender.
   *
   * @param code the provider's own code (Aligo's {@code result_code}, SendGrid's HTTP status)
   */
  record Refused(String code, String detail) implements SendOutcome {}

  /**
   * The request went out but no answer came back (a timeout after sending): the provider may or may
   * not have sent the message.
   */
  record Unknown(String detail) implements SendOutcome {}
}
