/**
 * The notification providers: core's {@link dev.ordersync.core.notify.Notifier} over Aligo's SMS
 * API ({@link dev.ordersync.server.notify.AligoSms}) and SendGrid's v3 mail API ({@link
 * dev.ordersync.server.notify.SendGridEmail}), each bounded by a connect and a request time-out,
 * and {@link dev.ordersync.server.notify.Notifiers}, which builds the channels that are configured.
 */
package dev.ordersync.server.notify;
