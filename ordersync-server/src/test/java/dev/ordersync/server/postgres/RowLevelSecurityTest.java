package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database's own wall: with the tenant set, a query that forgets its tenant filter sees one
 * restaurant only.
 */
class RowLevelSecurityTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static Scenario.Owner a;
  static Scenario.Owner b;

  @BeforeAll
  static void twoRestaurantsWithOrders(Scenario story) {
    a = story.anOwnerWithARestaurant("Tenant A");
    b = story.anOwnerWithARestaurant("Tenant B");
    String itemA = story.anItem(a, "A's dish", 1000, null);
    String itemB = story.anItem(b, "B's dish", 1000, null);
    story.anAnonymousOrder(a.restaurantId(), itemA, 1);
    story.anAnonymousOrder(b.restaurantId(), itemB, 1);
    story.anAnonymousOrder(b.restaurantId(), itemB, 2);
  }

  private static long count(JdbcTransactions tx, String sql) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Test
  void aQueryWithoutItsTenantFilterReturnsNothingOfAnotherRestaurant() {
    JdbcTransactions tx = server.application().transactions();
    PostgresTenantWall wall = new PostgresTenantWall(tx);
    long inA =
        tx.run(
            () -> {
              wall.enter(UUID.fromString(a.restaurantId()));
              assertEquals(1, count(tx, "SELECT count(*) FROM restaurants"));
              assertEquals(1, count(tx, "SELECT count(*) FROM menu_items"));
              assertEquals(1, count(tx, "SELECT count(*) FROM order_lines"));
              assertEquals(1, count(tx, "SELECT count(*) FROM order_events"));
              return count(tx, "SELECT count(*) FROM orders");
            });
    assertEquals(1, inA);
    long inB =
        tx.run(
            () -> {
              wall.enter(UUID.fromString(b.restaurantId()));
              return count(tx, "SELECT count(*) FROM orders");
            });
    assertEquals(2, inB);
    assertEquals(
        3, tx.run(() -> count(tx, "SELECT count(*) FROM orders")), "no tenant set: no wall");
  }

  @Test
  void writingAnotherRestaurantsRowsIsRefused() {
    JdbcTransactions tx = server.application().transactions();
    PostgresTenantWall wall = new PostgresTenantWall(tx);
    long updated =
        tx.run(
            () -> {
              wall.enter(UUID.fromString(a.restaurantId()));
              return (long)
                  tx.withConnection(
                      c -> {
                        try (PreparedStatement ps =
                            c.prepareStatement("UPDATE menu_items SET price = 1")) {
                          return ps.executeUpdate();
                        }
                      });
            });
    assertEquals(1, updated, "only A's one item");
    StorageException refused =
        assertThrows(
            StorageException.class,
            () ->
                tx.run(
                    () -> {
                      wall.enter(UUID.fromString(a.restaurantId()));
                      return tx.withConnection(
                          c -> {
                            try (PreparedStatement ps =
                                c.prepareStatement(
                                    "INSERT INTO menu_categories (id, restaurant_id, name, position) VALUES (?, ?, 'x', 0)")) {
                              ps.setObject(1, UUID.randomUUID());
                              ps.setObject(2, UUID.fromString(b.restaurantId()));
                              return ps.executeUpdate();
                            }
                          });
                    }));
    assertEquals(
        "42501",
        ((java.sql.SQLException) refused.getCause()).getSQLState(),
        "row level security violation");
  }

  @Test
  void theServerRunsAsTheApplicationRoleNotASuperuser() {
    JdbcTransactions tx = server.application().transactions();
    String role =
        tx.withConnection(
            c -> {
              try (PreparedStatement ps = c.prepareStatement("SELECT current_user");
                  ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
              }
            });
    assertEquals("ordersync_app", role);
  }
}
