package dev.ordersync.core.memory;

import dev.ordersync.core.user.SecurityEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@link SecurityEvents} as a list of "type:userId" lines, oldest first. */
final class InMemorySecurityEvents implements SecurityEvents, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private List<String> log = new ArrayList<>();

  InMemorySecurityEvents(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    List<String> before = new ArrayList<>(log);
    return () -> log = before;
  }

  @Override
  public void record(String type, UUID userId, UUID sessionId, Map<String, String> detail) {
    tx.locked(() -> log.add(type + ":" + userId));
  }

  List<String> all() {
    return tx.locked(() -> List.copyOf(log));
  }
}
