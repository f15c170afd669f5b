package dev.ordersync.core.user;

import dev.ordersync.core.shared.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Opens a session with its first refresh token; shared by password login and second-factor login.
 */
final class SessionStarter {
  static final String REFRESH_PREFIX = "rt_";
  private final Sessions sessions;
  private final Clock clock;

  SessionStarter(Sessions sessions, Clock clock) {
    this.sessions = sessions;
    this.clock = clock;
  }

  record Started(Session session, String refreshToken) {}

  Started start(UUID userId, UUID restaurantId, boolean secondFactor) {
    Instant now = clock.instant();
    Session session =
        new Session(
            Ids.newId(clock), userId, restaurantId, secondFactor, now, now.plus(Session.LIFETIME));
    String token = OpaqueTokens.newToken(REFRESH_PREFIX);
    sessions.open(session, OpaqueTokens.hash(token));
    return new Started(session, token);
  }
}
