/**
 * Messages to people outside the app: text messages to guests about their order and email to owners
 * and staff about their account and their restaurant's day. A change that causes a message records
 * it through {@link dev.ordersync.core.notify.NotificationOutbox} in its own unit of work; a
 * deliverer outside the change sends it later through a {@link dev.ordersync.core.notify.Notifier}
 * per channel, so a slow or failing provider never holds up an order.
 */
package dev.ordersync.core.notify;
