package dev.ordersync.sdk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The signed-in user, the restaurant this session acts for, and every restaurant the user belongs
 * to.
 *
 * @param phone may be null
 * @param restaurantId the restaurant the access token acts for, or null
 * @param mfaEnabled whether the account logs in with a second factor
 */
public record Profile(
    UUID id,
    String email,
    String name,
    String phone,
    Role role,
    Instant createdAt,
    UUID restaurantId,
    boolean mfaEnabled,
    List<Membership> memberships) {
  public Profile {
    memberships = memberships == null ? List.of() : List.copyOf(memberships);
  }
}
