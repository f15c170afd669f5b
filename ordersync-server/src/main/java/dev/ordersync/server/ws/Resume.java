package dev.ordersync.server.ws;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.live.LiveEvent;
import io.helidon.common.uri.UriQuery;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where a resuming client says it stopped ({@code ?last_event_id=} or {@code ?last_seq=}), and how
 * a new socket starts its stream from there: the events it missed, or a snapshot.
 */
record Resume(UUID lastEventId, Long lastSeq) {
  /**
   * A resume that would replay more events than this is answered with a reload notice and a fresh
   * snapshot.
   */
  static final int MAX_RESUME = 1000;

  record Notice(String type, String reason) {}

  /** The resume point the query names, or null when it names none. */
  static Resume of(UriQuery query) {
    String id = value(query, "last_event_id");
    String seq = value(query, "last_seq");
    if (id == null && seq == null) {
      return null;
    }
    try {
      return new Resume(
          id == null ? null : UUID.fromString(id), seq == null ? null : Long.parseLong(seq));
    } catch (IllegalArgumentException e) {
      throw new DomainException.Invalid(
          "last_event_id", "last_event_id must be an event id and last_seq a number");
    }
  }

  /** A query parameter's value, stripped; null when absent or blank. */
  static String value(UriQuery query, String name) {
    if (query == null || !query.contains(name)) {
      return null;
    }
    String v = query.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /**
   * Replays what the client missed when its resume point can be replayed (an event of this stream,
   * at most MAX_RESUME back, not ahead of {@code now}); otherwise tells it why ({@code reload}) and
   * sends the snapshot. Either way the socket then delivers what its inbox gathered meanwhile.
   *
   * @param resume where the client stopped, or null for a fresh start
   * @param positionIfOurs the event's position in this stream, or null if it is not of this stream
   */
  static void startFrom(
      Resume resume,
      LiveSocket s,
      long now,
      Function<LiveEvent, Long> positionIfOurs,
      Supplier<String> snapshot) {
    if (resume != null) {
      Long from =
          resume.lastSeq() != null
              ? resume.lastSeq()
              : s.hub
                  .read(() -> s.hub.log().byId(resume.lastEventId()))
                  .map(positionIfOurs)
                  .orElse(null);
      if (from != null && from >= 0 && from <= now && now - from <= MAX_RESUME) {
        s.startAt(from);
        s.catchUp();
        s.start();
        return;
      }
      s.send(Json.text(new Notice("reload", from == null ? "unknown_event" : "gap_too_old")));
    }
    s.send(snapshot.get());
    s.startAt(now);
    s.start();
  }
}
