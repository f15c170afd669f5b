package dev.ordersync.server.notify;

import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Notifier;
import dev.ordersync.server.observe.Tracing;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The notifiers of the configured channels: Aligo for {@link Channel#SMS}, SendGrid for {@link
 * Channel#EMAIL}. Built once at start by {@link #start}, which says in one line per channel whether
 * it is on and, when off, why; a channel that is off has no notifier, so nothing should be queued
 * for it.
 */
public final class Notifiers {
  private static final Logger LOG = Logger.getLogger(Notifiers.class.getName());

  private final Notifier sms;
  private final Notifier email;

  private Notifiers(Notifier sms, Notifier email) {
    this.sms = sms;
    this.email = email;
  }

  /** Builds the configured notifiers and logs, once, which channels are on and which off. */
  public static Notifiers start(NotifySettings settings) {
    return start(settings, Tracing.off());
  }

  /**
   * The same, with each provider call a client span that sends its {@code traceparent} (decision
   * 99): the wiring passes the server's tracing.
   */
  public static Notifiers start(NotifySettings settings, Tracing tracing) {
    Notifiers n = of(settings, tracing);
    if (settings.sms() == null) {
      LOG.info("text messages are off: " + settings.smsOff());
    } else {
      LOG.info(
          "text messages go through Aligo at "
              + settings.sms().apiUrl()
              + " from "
              + settings.sms().sender()
              + (settings.sms().testMode() ? " in test mode (Aligo sends nothing)" : ""));
    }
    if (settings.email() == null) {
      LOG.info("email is off: " + settings.emailOff());
    } else {
      LOG.info(
          "email goes through SendGrid at "
              + settings.email().apiUrl()
              + " from "
              + settings.email().fromEmail());
    }
    return n;
  }

  /** The same as {@link #start} without the log lines (tests). */
  public static Notifiers of(NotifySettings settings) {
    return of(settings, Tracing.off());
  }

  static Notifiers of(NotifySettings settings, Tracing tracing) {
    return new Notifiers(
        settings.sms() == null
            ? null
            : new AligoSms(settings.sms(), java.time.Clock.systemUTC(), tracing),
        settings.email() == null
            ? null
            : new SendGridEmail(settings.email(), java.time.Clock.systemUTC(), true, tracing));
  }

  /** Aligo, when text messages are on. */
  public Optional<Notifier> sms() {
    return Optional.ofNullable(sms);
  }

  /** SendGrid, when email is on. */
  public Optional<Notifier> email() {
    return Optional.ofNullable(email);
  }

  /** The notifier of a channel, when it is on. */
  public Optional<Notifier> forChannel(Channel channel) {
    return switch (channel) {
      case SMS -> sms();
      case EMAIL -> email();
    };
  }
}
