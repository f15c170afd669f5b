package dev.ordersync.server.live;

import java.util.UUID;

/**
 * One committed order event as live subscribers receive it.
 *
 * @param version the order's version after the event: gapless and in commit order per order (the
 *     {@code seq} clients see)
 * @param feedPosition the event's place in its restaurant's feed: gapless and in commit order per
 *     restaurant
 * @param payload the event as JSON text, an object starting with its {@code type}
 * @param committedAtMicros wall-clock time just after COMMIT, in microseconds since the epoch; 0
 *     when read back from the database (a replay)
 * @param trace the W3C {@code traceparent} of the span of the change that caused the event, so that
 *     its delivery can be linked to it (decision 41); null when untraced or read back from the
 *     database
 */
public record LiveEvent(
    UUID eventId,
    UUID orderId,
    UUID restaurantId,
    long version,
    long feedPosition,
    String type,
    String payload,
    long committedAtMicros,
    String trace) {

  /** An event without a trace context. */
  public LiveEvent(
      UUID eventId,
      UUID orderId,
      UUID restaurantId,
      long version,
      long feedPosition,
      String type,
      String payload,
      long committedAtMicros) {
    this(
        eventId,
        orderId,
        restaurantId,
        version,
        feedPosition,
        type,
        payload,
        committedAtMicros,
        null);
  }

  /**
   * The message for a follower of the order: the payload with its {@code seq} (the feed position is
   * not theirs) and, when delivered live, {@code committed_at}.
   */
  public String orderMessage() {
    return "{\"seq\":"
        + version
        + ","
        + committedAt()
        + payload.substring(payload.indexOf('{') + 1);
  }

  /**
   * The message for the restaurant's feed: the payload with its {@code seq}, {@code feed_seq} and
   * committed_at.
   */
  public String feedMessage() {
    return "{\"seq\":"
        + version
        + ",\"feed_seq\":"
        + feedPosition
        + ","
        + committedAt()
        + payload.substring(payload.indexOf('{') + 1);
  }

  private String committedAt() {
    if (committedAtMicros == 0) {
      return "";
    }
    java.time.Instant at =
        java.time.Instant.ofEpochSecond(
            committedAtMicros / 1_000_000, (committedAtMicros % 1_000_000) * 1_000);
    return "\"committed_at\":\"" + at + "\",";
  }

  /** The same event, marked as not delivered live. */
  public LiveEvent replayed() {
    return committedAtMicros == 0
        ? this
        : new LiveEvent(
            eventId, orderId, restaurantId, version, feedPosition, type, payload, 0, trace);
  }
}
