package dev.ordersync.core.user;

import java.util.UUID;

/** A user's place in a restaurant: its OWNER, or one of its STAFF. */
public record Membership(UUID restaurantId, UUID userId, Role role) {
  public Membership {
    if (role != Role.OWNER && role != Role.STAFF) {
      throw new IllegalArgumentException("a restaurant member is an OWNER or STAFF");
    }
  }
}
