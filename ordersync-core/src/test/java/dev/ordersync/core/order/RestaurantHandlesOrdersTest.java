package dev.ordersync.core.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ordersync.core.World;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.Page;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestaurantHandlesOrdersTest {
  private final World world = new World();
  private final Caller.SignedIn owner = world.anOwnerWithARestaurant();
  private final MenuItem tteokbokki = world.anItem(owner, "Tteokbokki", 6000, null);

  @Test
  void anOrderGoesThroughItsWholeLife() {
    Order placed = world.anAnonymousOrder(owner.restaurantId(), tteokbokki, 2);
    Order accepted =
        world.accept.handle(owner, new AcceptOrder.Command(placed.id(), null, placed.version()));
    assertEquals(15, accepted.prepMinutes(), "the restaurant's usual preparation time");
    Order preparing =
        world.advance.handle(
            owner, new AdvanceOrder.Command(placed.id(), AdvanceOrder.Step.START, null));
    Order ready =
        world.advance.handle(
            owner, new AdvanceOrder.Command(placed.id(), AdvanceOrder.Step.MARK_READY, null));
    Order done =
        world.advance.handle(
            owner, new AdvanceOrder.Command(placed.id(), AdvanceOrder.Step.COMPLETE, null));
    assertEquals(OrderStatus.PREPARING, preparing.status());
    assertEquals(OrderStatus.READY, ready.status());
    assertEquals(OrderStatus.COMPLETED, done.status());
    assertEquals(5, done.version());
    List<Class<?>> kinds = world.store.events().stream().<Class<?>>map(Object::getClass).toList();
    assertEquals(
        List.of(
            OrderEvent.OrderCreated.class,
            OrderEvent.OrderAccepted.class,
            OrderEvent.OrderStarted.class,
            OrderEvent.OrderReady.class,
            OrderEvent.OrderCompleted.class),
        kinds);
  }

  @Test
  void aStaleVersionIsAConflict() {
    Order placed = world.anAnonymousOrder(owner.restaurantId(), tteokbokki, 1);
    world.accept.handle(owner, new AcceptOrder.Command(placed.id(), 10, null));
    var e =
        assertThrows(
            DomainException.Conflict.class,
            () ->
                world.advance.handle(
                    owner, new AdvanceOrder.Command(placed.id(), AdvanceOrder.Step.START, 1L)));
    assertEquals("version_conflict", e.code());
  }

  @Test
  void aSkippedStepIsAnInvalidTransition() {
    Order placed = world.anAnonymousOrder(owner.restaurantId(), tteokbokki, 1);
    var e =
        assertThrows(
            DomainException.Conflict.class,
            () ->
                world.advance.handle(
                    owner,
                    new AdvanceOrder.Command(placed.id(), AdvanceOrder.Step.MARK_READY, null)));
    assertEquals("invalid_transition", e.code());
  }

  @Test
  void anotherRestaurantsStaffSeeNothingOfThisRestaurant() {
    Order placed = world.anAnonymousOrder(owner.restaurantId(), tteokbokki, 1);
    Caller.SignedIn rival = world.anOwnerWithARestaurant();
    assertThrows(
        DomainException.NotFound.class,
        () -> world.accept.handle(rival, new AcceptOrder.Command(placed.id(), null, null)));
    assertThrows(DomainException.NotFound.class, () -> world.getOrder.handle(rival, placed.id()));
    assertEquals(
        0,
        world
            .listOrders
            .handle(rival, new ListRestaurantOrders.Query(null, null, null, null, null))
            .items()
            .size());
  }

  @Test
  void aCustomerCannotMoveTheirOwnOrder() {
    Caller.SignedIn customer = world.aUser(Role.CUSTOMER);
    Order placed = world.anAnonymousOrder(owner.restaurantId(), tteokbokki, 1);
    assertThrows(
        DomainException.Forbidden.class,
        () -> world.accept.handle(customer, new AcceptOrder.Command(placed.id(), null, null)));
    assertThrows(
        DomainException.Unauthenticated.class,
        () ->
            world.accept.handle(
                Caller.anonymous(), new AcceptOrder.Command(placed.id(), null, null)));
  }

  @Test
  void theCustomerMayCancelOnlyWhilePlacedAndTheRestaurantOnlyAfterAccepting() {
    Order first = world.anAnonymousOrder(owner.restaurantId(), tteokbokki, 1);
    Caller token = new Caller.OrderTokenHolder(first.id());
    Order canceled =
        world.cancel.handle(
            token, new CancelOrder.Command(first.id(), CancelOrder.By.CUSTOMER, null, null));
    assertEquals(OrderStatus.CANCELED, canceled.status());
    assertNull(canceled.reason());

    Order second = world.anAnonymousOrder(owner.restaurantId(), tteokbokki, 1);
    var early =
        assertThrows(
            DomainException.Conflict.class,
            () ->
                world.cancel.handle(
                    owner,
                    new CancelOrder.Command(second.id(), CancelOrder.By.RESTAURANT, "busy", null)));
    assertEquals("invalid_transition", early.code());
    world.accept.handle(owner, new AcceptOrder.Command(second.id(), null, null));
    var late =
        assertThrows(
            DomainException.Conflict.class,
            () ->
                world.cancel.handle(
                    new Caller.OrderTokenHolder(second.id()),
                    new CancelOrder.Command(second.id(), CancelOrder.By.CUSTOMER, null, null)));
    assertEquals("invalid_transition", late.code());
    assertThrows(
        DomainException.Invalid.class,
        () ->
            world.cancel.handle(
                owner, new CancelOrder.Command(second.id(), CancelOrder.By.RESTAURANT, " ", null)));
    Order byRestaurant =
        world.cancel.handle(
            owner,
            new CancelOrder.Command(second.id(), CancelOrder.By.RESTAURANT, "gas leak", null));
    assertEquals("gas leak", byRestaurant.reason());
  }

  @Test
  void theBoardPagesNewestFirstAndFiltersByStatus() {
    for (int i = 0; i < 5; i++) {
      world.anAnonymousOrder(owner.restaurantId(), tteokbokki, 1);
    }
    Page<Order> first =
        world.listOrders.handle(owner, new ListRestaurantOrders.Query(null, null, null, null, 2));
    assertEquals(
        List.of("A-005", "A-004"), first.items().stream().map(o -> o.number().value()).toList());
    assertNotNull(first.nextCursor());
    Page<Order> second =
        world.listOrders.handle(
            owner, new ListRestaurantOrders.Query(null, null, null, first.nextCursor(), 2));
    assertEquals(
        List.of("A-003", "A-002"), second.items().stream().map(o -> o.number().value()).toList());
    Page<Order> last =
        world.listOrders.handle(
            owner, new ListRestaurantOrders.Query(null, null, null, second.nextCursor(), 2));
    assertEquals(1, last.items().size());
    assertNull(last.nextCursor());

    world.accept.handle(owner, new AcceptOrder.Command(first.items().getFirst().id(), null, null));
    Page<Order> accepted =
        world.listOrders.handle(
            owner,
            new ListRestaurantOrders.Query(Set.of(OrderStatus.ACCEPTED), null, null, null, null));
    assertEquals(1, accepted.items().size());
    assertThrows(
        DomainException.Invalid.class,
        () ->
            world.listOrders.handle(
                owner, new ListRestaurantOrders.Query(null, null, null, "garbage!", null)));
    assertThrows(
        DomainException.Invalid.class,
        () ->
            world.listOrders.handle(
                owner, new ListRestaurantOrders.Query(null, null, null, null, 0)));
  }
}
