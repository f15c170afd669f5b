package dev.ordersync.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.World;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.payment.Payment;
import dev.ordersync.core.payment.PaymentStatus;
import dev.ordersync.core.restaurant.CreateRestaurant;
import dev.ordersync.core.shared.BusinessNumber;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.Session;
import dev.ordersync.core.user.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The in-memory adapters share one unit of work: one that throws leaves no trace in any of them.
 */
class InMemoryStoreTest {
  private final World world = new World();
  private final InMemoryStore store = world.store;
  private final Caller.SignedIn owner = world.anOwnerWithARestaurant();
  private final MenuItem counted = world.anItem(owner, "Bibimbap", 9000, 5);

  @Test
  void aUnitOfWorkThatThrowsLeavesNoTraceInAnyAdapter() {
    Instant now = world.clock.instant();
    User stranger =
        new User(
            Ids.newId(),
            new EmailAddress("stranger@example.kr"),
            "Stranger",
            null,
            Role.CUSTOMER,
            "plain:x",
            now);
    int eventsBefore = store.events().size();
    List<String> securityBefore = store.securityEventLog();
    UUID[] placed = new UUID[1];

    assertThrows(
        IllegalStateException.class,
        () ->
            store
                .unitOfWork()
                .run(
                    () -> {
                      store.users().add(stranger);
                      store
                          .sessions()
                          .open(
                              new Session(
                                  Ids.newId(),
                                  stranger.id(),
                                  null,
                                  false,
                                  now,
                                  now.plusSeconds(60)),
                              new byte[] {1});
                      world.createRestaurant.handle(
                          owner,
                          new CreateRestaurant.Command(
                              "Second Kitchen",
                              BusinessNumber.parse("220-81-62517"),
                              null,
                              null,
                              null));
                      Order order = world.anAnonymousOrder(owner.restaurantId(), counted, 2);
                      placed[0] = order.id();
                      store.payments().save(aPaymentOf(order));
                      store.securityEvents().record("probe", stranger.id(), null, Map.of());
                      throw new IllegalStateException("the unit of work fails at the end");
                    }));

    assertTrue(store.users().byId(stranger.id()).isEmpty(), "users");
    assertTrue(store.sessions().of(stranger.id()).isEmpty(), "sessions");
    assertEquals(1, store.users().memberships(owner.userId()).size(), "memberships");
    assertEquals(
        5,
        store.menus().item(owner.restaurantId(), counted.id()).orElseThrow().stock(),
        "menus: stock given back");
    assertTrue(store.orders().byId(placed[0]).isEmpty(), "orders");
    assertTrue(store.payments().byOrderId(placed[0]).isEmpty(), "payments");
    assertEquals(eventsBefore, store.events().size(), "order events");
    assertEquals(securityBefore, store.securityEventLog(), "security events");
    assertEquals(
        "A-001",
        world.anAnonymousOrder(owner.restaurantId(), counted, 1).number().value(),
        "order numbers: the failed order's number is free again");
  }

  private static Payment aPaymentOf(Order order) {
    return new Payment(
        Ids.newId(),
        order.id(),
        order.restaurantId(),
        "pk_probe",
        PaymentStatus.CONFIRMING,
        null,
        order.total(),
        order.total(),
        0,
        null,
        order.createdAt(),
        order.createdAt());
  }
}
