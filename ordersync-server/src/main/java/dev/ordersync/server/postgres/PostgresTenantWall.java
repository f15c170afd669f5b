package dev.ordersync.server.postgres;

import dev.ordersync.core.restaurant.TenantWall;
import java.sql.PreparedStatement;
import java.util.UUID;

/**
 * Raises PostgreSQL row level security for one restaurant for the rest of the current transaction
 * ({@code set_config(..., is_local => true)} ends with it, so a pooled connection never carries it
 * to another request).
 */
public final class PostgresTenantWall implements TenantWall {
  private final JdbcTransactions tx;

  public PostgresTenantWall(JdbcTransactions tx) {
    this.tx = tx;
  }

  @Override
  public void enter(UUID restaurantId) {
    if (!tx.inTransaction()) {
      // Outside a transaction the setting would last one statement: nothing to raise it for.
      return;
    }
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT set_config('ordersync.restaurant_id', ?, true)")) {
            ps.setString(1, restaurantId.toString());
            ps.execute();
          }
          return null;
        });
  }
}
