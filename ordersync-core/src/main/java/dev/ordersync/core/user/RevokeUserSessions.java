package dev.ordersync.core.user;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/** An administrator ends every session of a user at once (a stolen device, a departed employee). */
public final class RevokeUserSessions {
  private final Users users;
  private final Sessions sessions;
  private final SecurityEvents events;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public RevokeUserSessions(
      Users users, Sessions sessions, SecurityEvents events, UnitOfWork unitOfWork, Clock clock) {
    this.users = users;
    this.sessions = sessions;
    this.events = events;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * Refuses a caller who may not do this (401, 403), as {@link #handle} would, before the request's
   * input is read or validated.
   */
  public void authorize(Caller caller) {
    UserAccess.requireAdmin(caller);
  }

  /** Returns how many sessions were ended. */
  public int handle(Caller caller, UUID userId) {
    UserAccess.SignedInUser admin = UserAccess.requireAdmin(caller);
    return unitOfWork.run(
        () -> {
          users.byId(userId).orElseThrow(() -> new DomainException.NotFound("user"));
          int ended = sessions.revokeAll(userId, "revoked_by_admin", clock.instant());
          events.record("sessions_revoked", userId, null, Map.of("by", admin.userId().toString()));
          return ended;
        });
  }
}
