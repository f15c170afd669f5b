package dev.ordersync.core.memory;

import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationOutbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link NotificationOutbox} as a list in memory, in the order recorded: one notification per
 * (source, channel, recipient), the first kept. Part of its store's unit of work (a unit that
 * throws records nothing); nothing is ever sent from it.
 */
public final class InMemoryNotificationOutbox
    implements NotificationOutbox, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private Map<String, Notification> queued = new LinkedHashMap<>();

  /** An outbox of its own, outside any store. */
  public InMemoryNotificationOutbox() {
    this(new MemoryTransactions());
  }

  InMemoryNotificationOutbox(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    Map<String, Notification> before = new LinkedHashMap<>(queued);
    return () -> queued = before;
  }

  @Override
  public void enqueue(Notification n) {
    String key = n.sourceId() + "|" + n.message().channel() + "|" + n.message().to();
    tx.locked(() -> queued.putIfAbsent(key, n));
  }

  /** Everything recorded, oldest first. */
  public List<Notification> queued() {
    return tx.locked(() -> List.copyOf(new ArrayList<>(queued.values())));
  }

  /** Drops whatever waits for {@code subjectId} (its erasure). */
  public void dropSubject(UUID subjectId) {
    tx.locked(() -> queued.values().removeIf(n -> n.subjectId().equals(subjectId)));
  }
}
