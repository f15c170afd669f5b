package dev.ordersync.core.user;

import java.util.Map;
import java.util.UUID;

/**
 * A record of what matters to security (a replayed refresh token, a revocation, an erasure), kept
 * with the change.
 */
public interface SecurityEvents {
  /**
   * @param userId may be null when the event is about no known account
   * @param sessionId may be null
   */
  void record(String type, UUID userId, UUID sessionId, Map<String, String> detail);

  /** Discards events, for tools and tests that have nowhere to put them. */
  static SecurityEvents none() {
    return (type, userId, sessionId, detail) -> {};
  }
}
