package dev.ordersync.core.user;

import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;
import java.util.Map;

/**
 * Trades a refresh token for a new one (rotation). A token can be used once: presenting a spent
 * token means it was stolen or replayed, so the whole session (every token descended from the same
 * login) is revoked and a security event recorded. The refusal is returned, not thrown, so that the
 * revocation commits.
 */
public final class RefreshSession {
  private final Sessions sessions;
  private final Users users;
  private final SecurityEvents events;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public RefreshSession(
      Sessions sessions, Users users, SecurityEvents events, UnitOfWork unitOfWork, Clock clock) {
    this.sessions = sessions;
    this.users = users;
    this.events = events;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  public sealed interface Outcome {
    record Renewed(User user, Session session, String refreshToken) implements Outcome {}

    /** {@code code} is {@code refresh_token_reused} or {@code invalid_refresh_token}. */
    record Refused(String code, String message) implements Outcome {}
  }

  public Outcome handle(String refreshToken) {
    if (refreshToken == null
        || !refreshToken.startsWith(SessionStarter.REFRESH_PREFIX)
        || refreshToken.length() > 200) {
      return invalid();
    }
    return unitOfWork.run(
        () -> {
          String next = OpaqueTokens.newToken(SessionStarter.REFRESH_PREFIX);
          Sessions.Rotation rotation =
              sessions.rotate(
                  OpaqueTokens.hash(refreshToken), OpaqueTokens.hash(next), clock.instant());
          return switch (rotation) {
            case Sessions.Rotation.Rotated r -> {
              events.record("token_refreshed", r.session().userId(), r.session().id(), Map.of());
              yield users
                  .byId(r.session().userId())
                  .filter(u -> !u.erased())
                  .<Outcome>map(u -> new Outcome.Renewed(u, r.session(), next))
                  .orElseGet(RefreshSession::invalid);
            }
            case Sessions.Rotation.Reused r -> {
              sessions.revoke(r.session().id(), "refresh_token_reused", clock.instant());
              events.record(
                  "refresh_token_reused",
                  r.session().userId(),
                  r.session().id(),
                  Map.of("action", "session revoked"));
              yield new Outcome.Refused(
                  "refresh_token_reused",
                  "this refresh token was already used; the session has been ended");
            }
            case Sessions.Rotation.Ended e -> invalid();
            case Sessions.Rotation.Unknown u -> invalid();
          };
        });
  }

  private static Outcome invalid() {
    return new Outcome.Refused("invalid_refresh_token", "the refresh token is invalid or expired");
  }
}
