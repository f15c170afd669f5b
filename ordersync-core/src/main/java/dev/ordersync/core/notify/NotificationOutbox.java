package dev.ordersync.core.notify;

/**
 * Where messages to send are recorded, inside the unit of work of the change that causes them: a
 * message is kept exactly when its change is, and sent afterwards, never on the change's path.
 */
public interface NotificationOutbox {
  /**
   * Records a message to send; one already recorded for the same source, channel and recipient is
   * kept as it is.
   */
  void enqueue(Notification notification);
}
