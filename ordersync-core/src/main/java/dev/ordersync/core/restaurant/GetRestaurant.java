package dev.ordersync.core.restaurant;

import dev.ordersync.core.shared.DomainException;
import java.util.UUID;

/** Reads a restaurant's public profile. */
public final class GetRestaurant {
  private final Restaurants restaurants;

  public GetRestaurant(Restaurants restaurants) {
    this.restaurants = restaurants;
  }

  public Restaurant handle(UUID restaurantId) {
    return restaurants
        .byId(restaurantId)
        .orElseThrow(() -> new DomainException.NotFound("restaurant"));
  }
}
