package dev.ordersync.core.user;

import dev.ordersync.core.shared.UnitOfWork;
import java.time.Clock;

/**
 * Ends the caller's session: its refresh tokens and the access tokens issued for it stop working.
 */
public final class LogOut {
  private final Sessions sessions;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public LogOut(Sessions sessions, UnitOfWork unitOfWork, Clock clock) {
    this.sessions = sessions;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * Refuses a caller who may not do this (401, 403), as {@link #handle} would, before the request's
   * input is read or validated.
   */
  public void authorize(Caller caller) {
    UserAccess.require(caller);
  }

  public void handle(Caller caller) {
    UserAccess.SignedInUser me = UserAccess.require(caller);
    if (me.sessionId() == null) {
      return;
    }
    unitOfWork.run(
        () -> {
          sessions.revoke(me.sessionId(), "logout", clock.instant());
          return null;
        });
  }
}
