package dev.ordersync.server.live;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The stored order events, read back by position: what replays and gap repairs are made of. */
public interface EventLog {
  /** The order's events after {@code afterVersion}, oldest first, at most {@code limit}. */
  List<LiveEvent> ofOrder(UUID orderId, long afterVersion, int limit);

  /**
   * The restaurant's events after feed position {@code afterPosition}, oldest first, at most {@code
   * limit}.
   */
  List<LiveEvent> ofRestaurant(UUID restaurantId, long afterPosition, int limit);

  /** One event by its id. */
  Optional<LiveEvent> byId(UUID eventId);

  /** The newest version of each order that has events. */
  Map<UUID, Long> latestVersions(Collection<UUID> orderIds);

  /** The last feed position of each restaurant that has one. */
  Map<UUID, Long> feedPositions(Collection<UUID> restaurantIds);
}
