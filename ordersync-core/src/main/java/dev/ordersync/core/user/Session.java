package dev.ordersync.core.user;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One login: the family of refresh tokens that descend from it share this session. It ends when it
 * expires (an absolute lifetime from the login, never extended by refreshing), on logout, or when
 * it is revoked.
 *
 * @param restaurantId the restaurant the session acts for, or null
 * @param secondFactor whether the login passed a second factor
 */
public record Session(
    UUID id,
    UUID userId,
    UUID restaurantId,
    boolean secondFactor,
    Instant createdAt,
    Instant expiresAt) {
  public static final Duration LIFETIME = Duration.ofDays(14);
}
