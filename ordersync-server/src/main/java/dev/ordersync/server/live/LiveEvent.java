package dev.ordersync.server.live;

import java.util.UUID;

/**
 * One committed order event as live subscribers receive it.
 *
 * @param version the order's version after the event: gapless and in commit order per order (the {@code seq} clients see)
 * @param feedPosition the event's place in its restaurant's feed: gapless and in commit order per restaurant
 * @param payload the event as JSON text, an object starting with its {@code type}
 * @param committedAtMicros wall-clock time just after COMMIT, in microseconds since the epoch; 0 when read back from the
 *     database (a replay)
 */
public record LiveEvent(
    UUID eventId,
    UUID orderId,
    UUID restaurantId,
    long version,
    long feedPosition,
    String type,
    String payload,
    long committedAtMicros) {

  /** The message for a follower of the order: the payload with its {@code seq} (the feed position is not theirs). */
  public String orderMessage() {
    return "{\"seq\":" + version + "," + payload.substring(payload.indexOf('{') + 1);
  }

  /** The message for the restaurant's feed: the payload with its {@code seq} and {@code feed_seq}. */
  public String feedMessage() {
    return "{\"seq\":" + version + ",\"feed_seq\":" + feedPosition + "," + payload.substring(payload.indexOf('{') + 1);
  }

  /** The same event, marked as not delivered live. */
  public LiveEvent replayed() {
    return committedAtMicros == 0 ? this : new LiveEvent(eventId, orderId, restaurantId, version, feedPosition, type, payload, 0);
  }
}
