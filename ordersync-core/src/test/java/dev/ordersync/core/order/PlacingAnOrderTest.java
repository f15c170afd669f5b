package dev.ordersync.core.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ordersync.core.World;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.UpdateMenuItem;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlacingAnOrderTest {
  private final World world = new World();
  private final Caller.SignedIn owner = world.anOwnerWithARestaurant();
  private final UUID restaurant = owner.restaurantId();
  private final MenuItem bibimbap = world.anItem(owner, "Bibimbap", 9000, null);
  private final MenuItem kimchiStew = world.anItem(owner, "Kimchi stew", 8500, 3);

  private Order order(Caller caller, PlaceOrder.Line... lines) {
    return world.placeOrder.handle(
        caller,
        new PlaceOrder.Command(
            restaurant, List.of(lines), "Kim", "010-1234-5678", "no onions", "DINE_IN", "7"));
  }

  private static PlaceOrder.Line line(MenuItem item, int quantity) {
    return new PlaceOrder.Line(item.id(), quantity, List.of());
  }

  @Test
  void theServerPricesTheOrderFromTheMenu() {
    Order order = order(Caller.anonymous(), line(bibimbap, 2), line(kimchiStew, 1));
    assertEquals(OrderStatus.PLACED, order.status());
    assertEquals(Won.of(18000), order.lines().get(0).lineTotal());
    assertEquals(Won.of(26500), order.subtotal());
    assertEquals(Won.of(26500), order.total());
    assertEquals("A-001", order.number().value());
    assertEquals("7", order.table());
    assertEquals("01012345678", order.customer().phone().digits());
    assertNull(order.customer().userId());
  }

  @Test
  void theOrderKeepsItsSnapshotWhenTheMenuChangesLater() {
    Order order = order(Caller.anonymous(), line(bibimbap, 1));
    world.updateItem.handle(
        owner,
        new UpdateMenuItem.Command(
            bibimbap.id(), "Dolsot bibimbap", Won.of(12000), null, null, null, null, null));
    Order again = world.getOrder.handle(new Caller.OrderTokenHolder(order.id()), order.id());
    assertEquals("Bibimbap", again.lines().getFirst().name());
    assertEquals(Won.of(9000), again.lines().getFirst().unitPrice());
  }

  @Test
  void eachOrderOfTheDayGetsTheNextNumberAndACreatedEvent() {
    order(Caller.anonymous(), line(bibimbap, 1));
    Order second = order(Caller.anonymous(), line(bibimbap, 1));
    assertEquals("A-002", second.number().value());
    List<OrderEvent> events = world.store.events();
    assertEquals(2, events.size());
    assertInstanceOf(OrderEvent.OrderCreated.class, events.get(1));
    assertEquals(second.id(), events.get(1).orderId());
  }

  @Test
  void stockIsTakenAndAnOrderForMoreThanIsLeftIsRefusedWithoutTakingAnything() {
    order(Caller.anonymous(), line(kimchiStew, 2));
    var e =
        assertThrows(
            DomainException.Conflict.class,
            () -> order(Caller.anonymous(), line(bibimbap, 1), line(kimchiStew, 2)));
    assertEquals("out_of_stock", e.code());
    assertEquals("items[1].quantity", e.errors().getFirst().field());
    assertEquals(1, world.store.menus().item(restaurant, kimchiStew.id()).orElseThrow().stock());
    assertEquals(1, world.store.events().size(), "the refused order left no event");
  }

  @Test
  void twoLinesOfTheSameItemCountTogetherAgainstStock() {
    var e =
        assertThrows(
            DomainException.Conflict.class,
            () -> order(Caller.anonymous(), line(kimchiStew, 2), line(kimchiStew, 2)));
    assertEquals("out_of_stock", e.code());
  }

  @Test
  void rejectingOrCancelingGivesTheStockBack() {
    Order order = order(Caller.anonymous(), line(kimchiStew, 3));
    assertEquals(0, world.store.menus().item(restaurant, kimchiStew.id()).orElseThrow().stock());
    world.reject.handle(owner, new RejectOrder.Command(order.id(), "no kimchi today", null));
    assertEquals(3, world.store.menus().item(restaurant, kimchiStew.id()).orElseThrow().stock());
  }

  @Test
  void anItemNotOnThisRestaurantsMenuIsRefused() {
    Caller.SignedIn otherOwner = world.anOwnerWithARestaurant();
    MenuItem elsewhere = world.anItem(otherOwner, "Pizza", 20000, null);
    var e =
        assertThrows(
            DomainException.RuleViolated.class,
            () -> order(Caller.anonymous(), line(elsewhere, 1)));
    assertEquals("menu_item_not_found", e.code());
    assertEquals("items[0].menu_item_id", e.errors().getFirst().field());
  }

  @Test
  void anUnavailableItemIsRefused() {
    world.updateItem.handle(
        owner,
        new UpdateMenuItem.Command(bibimbap.id(), null, null, null, null, false, null, null));
    var e =
        assertThrows(
            DomainException.RuleViolated.class, () -> order(Caller.anonymous(), line(bibimbap, 1)));
    assertEquals("item_unavailable", e.code());
  }

  @Test
  void aPausedRestaurantTakesNoOrders() {
    world.updateSettings.handle(
        owner, new UpdateRestaurantSettings.Command(null, true, null, null, null, null));
    var e =
        assertThrows(
            DomainException.RuleViolated.class, () -> order(Caller.anonymous(), line(bibimbap, 1)));
    assertEquals("restaurant_paused", e.code());
  }

  @Test
  void badQuantitiesAndMissingFieldsAreEachNamed() {
    var e =
        assertThrows(
            DomainException.Invalid.class,
            () ->
                world.placeOrder.handle(
                    Caller.anonymous(),
                    new PlaceOrder.Command(
                        restaurant,
                        List.of(line(bibimbap, 0), line(bibimbap, 100)),
                        null,
                        "12",
                        null,
                        "DELIVERY",
                        null)));
    List<String> fields = e.errors().stream().map(f -> f.field()).toList();
    assertEquals(
        List.of("items[0].quantity", "items[1].quantity", "fulfillment", "customer.phone"), fields);
  }

  @Test
  void anUnknownRestaurantIsNotFound() {
    assertThrows(
        DomainException.NotFound.class,
        () ->
            world.placeOrder.handle(
                Caller.anonymous(),
                new PlaceOrder.Command(
                    UUID.randomUUID(),
                    List.of(line(bibimbap, 1)),
                    null,
                    null,
                    null,
                    "TAKEOUT",
                    null)));
  }

  @Test
  void aRestaurantThatAutoAcceptsAcceptsAtOnceWithItsPreparationTime() {
    world.updateSettings.handle(
        owner, new UpdateRestaurantSettings.Command(null, null, true, 12, null, null));
    Order order = order(Caller.anonymous(), line(bibimbap, 1));
    assertEquals(OrderStatus.ACCEPTED, order.status());
    assertEquals(12, order.prepMinutes());
    assertEquals(2, world.store.events().size());
  }

  @Test
  void aSignedInCustomersOrderIsTheirs() {
    Caller.SignedIn customer = world.aUser(Role.CUSTOMER);
    Order order = order(customer, line(bibimbap, 1));
    assertEquals(customer.userId(), order.customer().userId());
    assertEquals(order.id(), world.getOrder.handle(customer, order.id()).id());
    Caller.SignedIn stranger = world.aUser(Role.CUSTOMER);
    assertThrows(DomainException.NotFound.class, () -> world.getOrder.handle(stranger, order.id()));
    assertThrows(
        DomainException.NotFound.class,
        () -> world.getOrder.handle(new Caller.OrderTokenHolder(order.id()), order.id()),
        "an account's order is not readable by an order token");
  }

  @Test
  void optionsAreRefusedUntilMenusHaveThem() {
    var e =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                order(
                    Caller.anonymous(),
                    new PlaceOrder.Line(bibimbap.id(), 1, List.of(UUID.randomUUID()))));
    assertEquals("option_not_found", e.code());
  }

  @Test
  void clientTotalsCannotExistInTheCommand() {
    // The command has no field for a price or a total: there is nothing a client can send that the
    // core would read.
    assertEquals(
        Optional.empty(),
        java.util.Arrays.stream(PlaceOrder.Command.class.getRecordComponents())
            .map(c -> c.getName().toLowerCase())
            .filter(n -> n.contains("total") || n.contains("price") || n.contains("amount"))
            .findAny());
  }
}
