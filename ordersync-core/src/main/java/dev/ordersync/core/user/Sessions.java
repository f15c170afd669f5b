package dev.ordersync.core.user;

import java.time.Instant;
import java.util.UUID;

/**
 * Login sessions and their refresh tokens, stored by hash only. Rotation is atomic: of two requests
 * presenting the same refresh token, exactly one gets {@link Rotation.Rotated}; the other sees the
 * token as already spent.
 */
public interface Sessions {
  /** Stores a new session with its first refresh token. */
  void open(Session session, byte[] refreshTokenHash);

  /** What presenting a refresh token found. */
  sealed interface Rotation {
    /** The token was live and is now spent; {@code nextHash} is the session's live token. */
    record Rotated(Session session) implements Rotation {}

    /** The token had already been spent: someone replays it. */
    record Reused(Session session) implements Rotation {}

    /** The session has ended (expired, logged out or revoked). */
    record Ended(Session session) implements Rotation {}

    /** No such token. */
    record Unknown() implements Rotation {}
  }

  /**
   * Spends the presented token and makes {@code nextHash} the session's live one, if the session is
   * still active.
   */
  Rotation rotate(byte[] presentedHash, byte[] nextHash, Instant now);

  /** Ends one session (its whole token family). */
  void revoke(UUID sessionId, String reason, Instant at);

  /** Ends every session of the user; returns how many were active. */
  int revokeAll(UUID userId, String reason, Instant at);

  /**
   * Whether a credential issued at {@code issuedAt} for this session is still good: the session is
   * active and the user has not ended all sessions (password change, admin revocation, erasure)
   * since.
   */
  boolean active(UUID sessionId, UUID userId, Instant issuedAt, Instant now);

  /** A session as its user may see it: when it began and ends, and whether it was ended early. */
  record Summary(Session session, Instant revokedAt, String revokedReason) {}

  /** The user's sessions, newest first. */
  java.util.List<Summary> of(UUID userId);
}
