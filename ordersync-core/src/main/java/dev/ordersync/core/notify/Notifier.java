package dev.ordersync.core.notify;

/**
 * A provider of one channel (Aligo for SMS, SendGrid for email in the server). {@link #send} never
 * throws for the provider's answers or for the network: every result is a {@link SendOutcome}. An
 * implementation bounds each call by a timeout.
 */
public interface Notifier {
  /** The channel this provider sends on. */
  Channel channel();

  /** Hands one message to the provider. */
  SendOutcome send(Message message);
}
