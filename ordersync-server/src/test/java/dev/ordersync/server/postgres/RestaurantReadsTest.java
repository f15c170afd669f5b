package dev.ordersync.server.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The restaurant adapter keeps restaurants it has decrypted and hands them out again while the row
 * is unchanged: what it returns must always be the row as the reader's transaction sees it.
 */
class RestaurantReadsTest {
  private static Restaurant renamed(Restaurant r, String name) {
    return new Restaurant(
        r.id(),
        name,
        r.businessNumber(),
        r.phone(),
        r.address(),
        r.timeZone(),
        r.paused(),
        r.autoAccept(),
        r.prepMinutes(),
        r.paymentMode(),
        r.requireStaffSecondFactor(),
        r.hours(),
        r.orderPrefix(),
        r.version() + 1,
        r.createdAt(),
        Instant.now());
  }

  @Test
  void aChangeIsSeenAtOnceAndARolledBackOneNeverStandsInForTheCommittedOne() {
    try (TestServer server = TestServer.start()) {
      Scenario.Owner owner = new Scenario(server.api()).anOwnerWithARestaurant("Before");
      UUID id = UUID.fromString(owner.restaurantId());
      JdbcTransactions tx = server.application().transactions();
      PostgresRestaurants restaurants = new PostgresRestaurants(tx, server.application().columns());

      Restaurant before = restaurants.byId(id).orElseThrow();
      assertEquals("Before", before.name());
      assertEquals(before, restaurants.byId(id).orElseThrow(), "read again unchanged");

      // A change read inside its own transaction, which then rolls back: the rolled-back row had
      // version + 1 ...
      assertThrows(
          IllegalStateException.class,
          () ->
              tx.run(
                  () -> {
                    restaurants.update(renamed(before, "Rolled back"));
                    assertEquals("Rolled back", restaurants.byId(id).orElseThrow().name());
                    throw new IllegalStateException("roll back");
                  }));
      // (Not read again here: that would replace what the adapter kept from inside the rolled-back
      // transaction.)

      // ... and so does the committed change that follows: same id, same version number, other
      // values.
      tx.run(
          () -> {
            restaurants.update(renamed(before, "Committed"));
            return null;
          });
      Restaurant after = restaurants.byId(id).orElseThrow();
      assertEquals("Committed", after.name());
      assertEquals(before.version() + 1, after.version());
      assertEquals(
          before.businessNumber(), after.businessNumber(), "the encrypted columns are read too");
    }
  }
}
