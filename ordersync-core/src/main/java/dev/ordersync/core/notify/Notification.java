package dev.ordersync.core.notify;

import java.util.Objects;
import java.util.UUID;

/**
 * A message to send because of a change, recorded in the change's own unit of work. It is sent at
 * most once per (source, channel, recipient): recording the same one twice keeps one.
 *
 * @param sourceId what caused it, unique per cause: the order event's id, the security event's id,
 *     or a report's own key ({@code daily-report:<restaurant>:<date>})
 * @param kind what it is about
 * @param message the rendered message (its channel is the kind's)
 * @param restaurantId the restaurant it concerns, or null
 * @param subjectId whose personal data the recipient is (the order for a guest, the user for an
 *     owner): erasing that subject's data drops the message if it is still waiting
 */
public record Notification(
    String sourceId, NotificationKind kind, Message message, UUID restaurantId, UUID subjectId) {
  public Notification {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(subjectId, "subjectId");
    if (message.channel() != kind.channel()) {
      throw new IllegalArgumentException(kind + " goes out by " + kind.channel());
    }
  }
}
