package dev.ordersync.core.memory;

import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link Restaurants} in a map. */
final class InMemoryRestaurants implements Restaurants, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private Map<UUID, Restaurant> restaurants = new LinkedHashMap<>();

  InMemoryRestaurants(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    Map<UUID, Restaurant> before = new LinkedHashMap<>(restaurants);
    return () -> restaurants = before;
  }

  @Override
  public void add(Restaurant restaurant) {
    tx.locked(() -> restaurants.put(restaurant.id(), restaurant));
  }

  @Override
  public Optional<Restaurant> byId(UUID id) {
    return tx.locked(() -> Optional.ofNullable(restaurants.get(id)));
  }

  @Override
  public void update(Restaurant restaurant) {
    tx.locked(
        () -> {
          Restaurant stored = restaurants.get(restaurant.id());
          if (stored == null || stored.version() != restaurant.version() - 1) {
            throw MemoryTransactions.stale("restaurant");
          }
          restaurants.put(restaurant.id(), restaurant);
        });
  }
}
