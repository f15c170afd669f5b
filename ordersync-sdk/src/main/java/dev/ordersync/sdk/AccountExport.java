package dev.ordersync.sdk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything the server holds about the signed-in user ({@code GET /auth/me/export}).
 *
 * @param recoveryCodesLeft second-factor recovery codes not yet used
 */
public record AccountExport(
    User user,
    List<Membership> memberships,
    boolean mfaEnabled,
    int recoveryCodesLeft,
    List<SessionInfo> sessions,
    List<Order> orders,
    Instant exportedAt) {
  public AccountExport {
    memberships = memberships == null ? List.of() : List.copyOf(memberships);
    sessions = sessions == null ? List.of() : List.copyOf(sessions);
    orders = orders == null ? List.of() : List.copyOf(orders);
  }

  /**
   * One login session of the user.
   *
   * @param secondFactor whether it was opened with a second factor
   * @param revokedAt null while it lasts
   */
  public record SessionInfo(
      UUID id,
      UUID restaurantId,
      boolean secondFactor,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      String revokedReason) {}
}
