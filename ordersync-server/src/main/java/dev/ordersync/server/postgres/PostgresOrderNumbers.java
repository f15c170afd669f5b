package dev.ordersync.server.postgres;

import dev.ordersync.core.order.OrderNumbers;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Daily order sequences in PostgreSQL: one counter row per restaurant per day, bumped by an upsert
 * inside the order's transaction, so numbers are gap-free for committed orders of one restaurant
 * and never repeat.
 */
public final class PostgresOrderNumbers implements OrderNumbers {
  private final JdbcTransactions tx;

  public PostgresOrderNumbers(JdbcTransactions tx) {
    this.tx = tx;
  }

  @Override
  public int next(UUID restaurantId, LocalDate day) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO order_counters (restaurant_id, business_day, last_value) VALUES (?, ?, 1)"
                      + " ON CONFLICT (restaurant_id, business_day)"
                      + " DO UPDATE SET last_value = order_counters.last_value + 1 RETURNING last_value")) {
            ps.setObject(1, restaurantId);
            ps.setObject(2, day);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }
}
