package dev.ordersync.server;

import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import dev.ordersync.core.notify.NotificationOutbox;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The messages a server's changes recorded, in the order recorded (a test's outbox: nothing is
 * sent, and a change that rolls back after recording one still shows it).
 */
public final class RecordedNotifications implements NotificationOutbox {
  private final List<Notification> queued = new CopyOnWriteArrayList<>();

  @Override
  public void enqueue(Notification notification) {
    queued.add(notification);
  }

  public List<Notification> all() {
    return List.copyOf(queued);
  }

  /** Those of one kind sent to {@code to} (a phone's digits or an email address). */
  public List<Notification> to(String to, NotificationKind kind) {
    return queued.stream().filter(n -> n.message().to().equals(to) && n.kind() == kind).toList();
  }

  /** Everything sent to {@code to}. */
  public List<Notification> to(String to) {
    return queued.stream().filter(n -> n.message().to().equals(to)).toList();
  }
}
