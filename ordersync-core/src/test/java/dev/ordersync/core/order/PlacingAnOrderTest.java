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
import dev.ordersync.core.shared.IdempotencyKey;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import java.nio.charset.StandardCharsets;
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
    return world.place(caller, command(null, lines));
  }

  private PlaceOrder.Command command(IdempotencyKey key, PlaceOrder.Line... lines) {
    return new PlaceOrder.Command(
        restaurant,
        List.of(lines),
        "Kim",
        PhoneNumber.parse("010-1234-5678"),
        "no onions",
        Fulfillment.DINE_IN,
        "7",
        key);
  }

  /** A key as this test's client sends it: with the digest of its own secret for the key. */
  private static IdempotencyKey key(String value, String request) {
    return key(value, request, "the client's own secret for " + value);
  }

  private static IdempotencyKey key(String value, String request, String secret) {
    return new IdempotencyKey(
        value,
        request.getBytes(StandardCharsets.UTF_8),
        secret == null ? null : secret.getBytes(StandardCharsets.UTF_8));
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
  void badQuantitiesAndMissingFieldsAreEachNamedWhenTheCommandIsMade() {
    // An unknown fulfillment or a malformed phone cannot even be given: the command takes a
    // Fulfillment and a PhoneNumber, and the HTTP edge names those (BadInputTest).
    assertThrows(IllegalArgumentException.class, () -> PhoneNumber.parse("12"));
    var e =
        assertThrows(
            DomainException.Invalid.class,
            () ->
                new PlaceOrder.Command(
                    restaurant,
                    List.of(line(bibimbap, 0), line(bibimbap, 100)),
                    "x".repeat(51),
                    null,
                    null,
                    null,
                    "t".repeat(21),
                    null));
    List<String> fields = e.errors().stream().map(f -> f.field()).toList();
    assertEquals(
        List.of("items[0].quantity", "items[1].quantity", "fulfillment", "customer.name", "table"),
        fields);
    assertEquals("is required: DINE_IN or TAKEOUT", e.errors().get(2).message());
  }

  @Test
  void aTakeoutOrderHasNoTableAndBlankTextIsNone() {
    var e =
        assertThrows(
            DomainException.Invalid.class,
            () ->
                new PlaceOrder.Command(
                    restaurant,
                    List.of(line(bibimbap, 1)),
                    null,
                    null,
                    null,
                    Fulfillment.TAKEOUT,
                    "4",
                    null));
    assertEquals("a takeout order has no table", e.errors().getFirst().message());
    var blank =
        new PlaceOrder.Command(
            restaurant, List.of(line(bibimbap, 1)), "  ", null, " ", Fulfillment.TAKEOUT, "", null);
    assertNull(blank.customerName());
    assertNull(blank.note());
    assertNull(blank.table());
  }

  @Test
  void aDineInOrderNamesATableByItsLabelAndOneTheRestaurantListsIfItListsAny() {
    var badLabel = assertThrows(DomainException.Invalid.class, () -> dineIn("<b>x</b>"));
    assertEquals("table", badLabel.errors().getFirst().field());
    assertThrows(DomainException.Invalid.class, () -> dineIn("t".repeat(21)));
    assertEquals("-5", world.place(Caller.anonymous(), dineIn("-5")).table());

    world.updateSettings.handle(
        owner,
        new dev.ordersync.core.restaurant.UpdateRestaurantSettings.Command(
            null, null, null, null, null, null, null, List.of("1", "2", "테라스-3"), null));
    assertEquals("테라스-3", world.place(Caller.anonymous(), dineIn("테라스-3")).table());
    var unlisted =
        assertThrows(
            DomainException.Invalid.class, () -> world.place(Caller.anonymous(), dineIn("99")));
    assertEquals("is not one of the restaurant's tables", unlisted.errors().getFirst().message());
    assertNull(world.place(Caller.anonymous(), dineIn(null)).table(), "no table: fine");
  }

  private PlaceOrder.Command dineIn(String table) {
    return new PlaceOrder.Command(
        restaurant, List.of(line(bibimbap, 1)), null, null, null, Fulfillment.DINE_IN, table, null);
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
                    Fulfillment.TAKEOUT,
                    null,
                    null)));
  }

  @Test
  void aRetryWithTheSameKeyIsAnsweredAsTheFirstAndPlacesNoSecondOrder() {
    var first =
        (PlaceOrder.Outcome.Placed)
            world.placeOrder.handle(
                Caller.anonymous(), command(key("k-1", "body"), line(kimchiStew, 1)));
    assertEquals(first.order().id(), first.orderTokenFor(), "an anonymous order has a token");
    var again =
        assertInstanceOf(
            PlaceOrder.Outcome.Replayed.class,
            world.placeOrder.handle(
                Caller.anonymous(), command(key("k-1", "body"), line(kimchiStew, 1))));
    assertEquals(first.order().id().toString(), new String(again.body(), StandardCharsets.UTF_8));
    assertEquals(first.order().id(), again.orderTokenFor());
    assertEquals(1, world.store.events().size(), "one order, one event");
    assertEquals(2, world.store.menus().item(restaurant, kimchiStew.id()).orElseThrow().stock());
  }

  @Test
  void aStrangerWithTheKeyAndTheRequestButNotTheSecretGetsNothingOfTheOrder() {
    world.place(Caller.anonymous(), command(key("cart-5", "body"), line(bibimbap, 1)));
    var withoutSecret =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                world.placeOrder.handle(
                    Caller.anonymous(), command(key("cart-5", "body", null), line(bibimbap, 1))));
    assertEquals("idempotency_secret_required", withoutSecret.code());
    var withAnother =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                world.placeOrder.handle(
                    Caller.anonymous(),
                    command(key("cart-5", "body", "a stranger's secret"), line(bibimbap, 1))));
    assertEquals("idempotency_key_reused", withAnother.code(), "as if the request were another");
    assertEquals(1, world.store.events().size(), "nothing placed for the stranger either");
    assertInstanceOf(
        PlaceOrder.Outcome.Replayed.class,
        world.placeOrder.handle(
            Caller.anonymous(), command(key("cart-5", "body"), line(bibimbap, 1))),
        "the client with the secret still replays");
  }

  @Test
  void aSignedInCallersKeysNeedNoSecretAndIgnoreOne() {
    Caller.SignedIn customer = world.aUser(Role.CUSTOMER);
    world.place(customer, command(key("k-6", "body", null), line(bibimbap, 1)));
    assertInstanceOf(
        PlaceOrder.Outcome.Replayed.class,
        world.placeOrder.handle(customer, command(key("k-6", "body", "any"), line(bibimbap, 1))));
  }

  @Test
  void theSameKeyWithAnotherRequestIsRefused() {
    world.place(Caller.anonymous(), command(key("k-2", "body"), line(bibimbap, 1)));
    var e =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                world.placeOrder.handle(
                    Caller.anonymous(), command(key("k-2", "other body"), line(bibimbap, 2))));
    assertEquals("idempotency_key_reused", e.code());
  }

  @Test
  void keysAreScopedToTheCallerAndAFailedRequestLeavesItsKeyFree() {
    Caller.SignedIn customer = world.aUser(Role.CUSTOMER);
    world.place(Caller.anonymous(), command(key("k-3", "body"), line(bibimbap, 1)));
    Order theirs = world.place(customer, command(key("k-3", "body"), line(bibimbap, 1)));
    assertEquals(customer.userId(), theirs.customer().userId());

    assertThrows(
        DomainException.Conflict.class,
        () -> world.place(Caller.anonymous(), command(key("k-4", "body"), line(kimchiStew, 4))));
    Order retried =
        world.place(Caller.anonymous(), command(key("k-4", "body"), line(kimchiStew, 3)));
    assertEquals(3, retried.lines().getFirst().quantity());
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
