package dev.ordersync.core.notify;

/**
 * What a message is about. Restaurants choose which order kinds their guests get; owners may turn
 * the reports off; the security kinds always go out.
 */
public enum NotificationKind {
  /** To the guest: the restaurant accepted the order, with the expected ready time. */
  ORDER_ACCEPTED(Channel.SMS),
  /** To the guest: the order is ready to pick up or be served. */
  ORDER_READY(Channel.SMS),
  /** To the guest: the restaurant rejected the order, with the reason. */
  ORDER_REJECTED(Channel.SMS),
  /** To the guest: the order was cancelled, with the reason. */
  ORDER_CANCELED(Channel.SMS),
  /** To the guest: a payment of the order was refunded, with the amount. */
  ORDER_REFUNDED(Channel.SMS),
  /** To a user: someone signed in to their account from a device or address not seen before. */
  NEW_DEVICE_LOGIN(Channel.EMAIL),
  /** To a user: their password was changed. */
  PASSWORD_CHANGED(Channel.EMAIL),
  /** To a user: two-factor login was turned off on their account. */
  SECOND_FACTOR_DISABLED(Channel.EMAIL),
  /** To an owner: a staff member was added to their restaurant. */
  STAFF_ADDED(Channel.EMAIL),
  /** To an owner: the restaurant's day (orders, sales, settlement), after closing time. */
  DAILY_REPORT(Channel.EMAIL),
  /** To an owner: the restaurant's week, with the trend against the week before. */
  WEEKLY_REPORT(Channel.EMAIL),
  /** To an owner: a webhook endpoint failed for the whole retry window and was turned off. */
  WEBHOOK_DISABLED(Channel.EMAIL);

  private final Channel channel;

  NotificationKind(Channel channel) {
    this.channel = channel;
  }

  /** The channel messages of this kind go out on. */
  public Channel channel() {
    return channel;
  }
}
