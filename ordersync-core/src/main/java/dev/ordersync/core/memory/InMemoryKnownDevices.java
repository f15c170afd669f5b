package dev.ordersync.core.memory;

import dev.ordersync.core.user.KnownDevices;
import dev.ordersync.core.user.LoginPlace;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@link KnownDevices} in memory: each account's devices and addresses as a set of strings. */
final class InMemoryKnownDevices implements KnownDevices, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private Map<UUID, Set<String>> places = new HashMap<>();

  InMemoryKnownDevices(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    Map<UUID, Set<String>> before = new HashMap<>();
    places.forEach((k, v) -> before.put(k, new HashSet<>(v)));
    return () -> places = before;
  }

  @Override
  public Sighting sighted(UUID userId, LoginPlace place, Instant at) {
    return tx.locked(
        () -> {
          Set<String> known = places.computeIfAbsent(userId, k -> new HashSet<>());
          String device = place.deviceId() == null ? null : "device:" + place.deviceId();
          String address = place.address() == null ? null : "address:" + place.address();
          Sighting s =
              known.isEmpty()
                  ? Sighting.FIRST_LOGIN
                  : known.contains(device) || known.contains(address)
                      ? Sighting.FAMILIAR
                      : Sighting.NEW;
          if (device != null) {
            known.add(device);
          }
          if (address != null) {
            known.add(address);
          }
          return s;
        });
  }

  @Override
  public void forget(UUID userId) {
    tx.locked(() -> places.remove(userId));
  }
}
