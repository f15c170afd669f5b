package dev.ordersync.sdk;

import dev.ordersync.sdk.internal.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a live subscription.
 *
 * @param lastEventId resume after this event (one kept from an earlier run), or null to start with
 *     a snapshot
 * @param reconnectInitial the first wait before reconnecting; it doubles up to {@code
 *     reconnectMax}, with jitter
 * @param idleTimeout how long a connection may stay silent (the server pings every 25 s) before it
 *     is taken as dead and reopened
 */
public record LiveOptions(
    String lastEventId, Duration reconnectInitial, Duration reconnectMax, Duration idleTimeout) {
  public LiveOptions {
    Objects.requireNonNull(reconnectInitial, "reconnectInitial");
    Objects.requireNonNull(reconnectMax, "reconnectMax");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (reconnectInitial.isNegative() || reconnectMax.compareTo(reconnectInitial) < 0) {
      throw new IllegalArgumentException("need 0 <= reconnectInitial <= reconnectMax");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive");
    }
  }

  /** Start with a snapshot; reconnect after 250 ms doubling to 15 s; 75 s of silence is death. */
  public static LiveOptions defaults() {
    return new LiveOptions(
        null, Duration.ofMillis(250), Duration.ofSeconds(15), Duration.ofSeconds(75));
  }

  /** The same options, resuming after {@code eventId}. */
  public LiveOptions resumeAfter(String eventId) {
    return new LiveOptions(eventId, reconnectInitial, reconnectMax, idleTimeout);
  }

  /** The same options with other reconnect waits. */
  public LiveOptions reconnect(Duration initial, Duration max) {
    return new LiveOptions(lastEventId, initial, max, idleTimeout);
  }

  Backoff backoff() {
    return new Backoff(reconnectInitial, reconnectMax);
  }
}
