package dev.ordersync.server.ws;

import dev.ordersync.core.shared.DomainException;

/** The close codes of the live endpoints, as listed in docs/api.md. */
final class CloseCodes {
  /** A malformed resume parameter or first message. */
  static final int BAD_REQUEST = 4400;

  /** No credential, or one that is invalid or whose session has ended. */
  static final int UNAUTHENTICATED = 4401;

  /** A valid credential that does not allow this endpoint (a customer on a restaurant's feed). */
  static final int FORBIDDEN = 4403;

  /** No such order, or none the caller may see. */
  static final int NOT_FOUND = 4404;

  /**
   * The socket fell behind (its queue was full) or stopped answering: reconnect with {@code
   * last_event_id}.
   */
  static final int RESUME = 4409;

  /**
   * Too many live sockets opened from this address: wait as the close reason says, then reconnect.
   */
  static final int RATE_LIMITED = 4429;

  /**
   * Too many sockets were opening at once: reconnect a moment later (RFC 6455: try again later).
   */
  static final int TRY_AGAIN_LATER = 1013;

  /** The server is stopping: reconnect (to another instance) with {@code last_event_id}. */
  static final int GOING_AWAY = 1001;

  private CloseCodes() {}

  /** 0 if {@code access} passes, else the close code of its refusal. */
  static int ofAccess(Runnable access) {
    try {
      access.run();
      return 0;
    } catch (DomainException.Unauthenticated e) {
      return UNAUTHENTICATED;
    } catch (DomainException.Forbidden e) {
      return FORBIDDEN;
    } catch (DomainException.NotFound e) {
      return NOT_FOUND;
    }
  }
}
