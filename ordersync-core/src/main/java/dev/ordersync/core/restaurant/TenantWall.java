package dev.ordersync.core.restaurant;

import java.util.UUID;

/**
 * A second wall between tenants, behind the use cases' own checks: once raised for a restaurant,
 * storage returns and accepts rows of that restaurant only, for the rest of the unit of work
 * (PostgreSQL row level security).
 */
public interface TenantWall {
  void enter(UUID restaurantId);

  static TenantWall none() {
    return restaurantId -> {};
  }
}
