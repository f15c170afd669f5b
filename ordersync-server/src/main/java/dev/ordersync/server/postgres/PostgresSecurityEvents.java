package dev.ordersync.server.postgres;

import dev.ordersync.core.user.SecurityEvents;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Security events in PostgreSQL, written in the transaction of what they describe. */
public final class PostgresSecurityEvents implements SecurityEvents {
  private final JdbcTransactions tx;

  public PostgresSecurityEvents(JdbcTransactions tx) {
    this.tx = tx;
  }

  @Override
  public void record(String type, UUID userId, UUID sessionId, Map<String, String> detail) {
    List<String> pairs = new ArrayList<>();
    new TreeMap<>(detail)
        .forEach(
            (k, v) -> {
              pairs.add(k);
              pairs.add(v);
            });
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO security_events (type, user_id, session_id, detail) VALUES (?, ?, ?, jsonb_object(?))")) {
            ps.setString(1, type);
            ps.setObject(2, userId);
            ps.setObject(3, sessionId);
            ps.setArray(4, c.createArrayOf("text", pairs.toArray()));
            return ps.executeUpdate();
          }
        });
  }
}
