package dev.ordersync.core.restaurant;

import java.util.Optional;
import java.util.UUID;

/** The restaurants. */
public interface Restaurants {
  void add(Restaurant restaurant);

  Optional<Restaurant> byId(UUID id);

  /**
   * Stores a changed restaurant if its stored version is still {@code restaurant.version() - 1}; a
   * {@code Conflict("version_conflict")} otherwise.
   */
  void update(Restaurant restaurant);
}
