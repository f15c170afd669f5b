package dev.ordersync.core.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.World;
import dev.ordersync.core.order.Fulfillment;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderLine;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.restaurant.OpeningHours;
import dev.ordersync.core.restaurant.SetOpeningHours;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.user.Caller;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PricesAndOptionsTest {
  // The world's clock starts 2026-11-24T03:00:00Z = Tuesday 12:00 in Seoul.
  private final World world = new World();
  private final Caller.SignedIn owner = world.anOwnerWithARestaurant();
  private final MenuItem pizza = world.anItem(owner, "Pizza", 20000, null);
  private final OptionGroup size =
      world.addOptionGroup.handle(
          owner,
          new AddOptionGroup.Command(
              pizza.id(),
              "Size",
              1,
              1,
              List.of(
                  new AddOptionGroup.NewOption("Regular", 0, true),
                  new AddOptionGroup.NewOption("Large", 5000, true))));
  private final OptionGroup toppings =
      world.addOptionGroup.handle(
          owner,
          new AddOptionGroup.Command(
              pizza.id(),
              "Toppings",
              0,
              3,
              List.of(
                  new AddOptionGroup.NewOption("Olives", 1000, true),
                      new AddOptionGroup.NewOption("Corn", 500, true),
                  new AddOptionGroup.NewOption("Ham", 2000, true),
                      new AddOptionGroup.NewOption("Pineapple", 1500, false))));

  private UUID option(OptionGroup g, String name) {
    return g.options().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow().id();
  }

  private Order order(UUID... options) {
    return world.place(
        Caller.anonymous(),
        new PlaceOrder.Command(
            owner.restaurantId(),
            List.of(new PlaceOrder.Line(pizza.id(), 2, List.of(options))),
            null,
            null,
            null,
            Fulfillment.TAKEOUT,
            null,
            null));
  }

  @Test
  void optionsAddTheirPriceChangesAndAreKeptInTheSnapshot() {
    Order o = order(option(size, "Large"), option(toppings, "Olives"), option(toppings, "Ham"));
    OrderLine line = o.lines().getFirst();
    assertEquals(20000 + 5000 + 1000 + 2000, line.unitPrice().amount());
    assertEquals(2 * 28000, o.total().amount());
    assertEquals(
        List.of("Size: Large", "Toppings: Olives", "Toppings: Ham"),
        line.options().stream().map(c -> c.group() + ": " + c.name()).toList());
  }

  @Test
  void eachGroupsMinimumAndMaximumAreEnforcedWithAClearError() {
    var none =
        assertThrows(DomainException.RuleViolated.class, () -> order(option(toppings, "Olives")));
    assertEquals("options_invalid", none.code());
    assertEquals("Size: choose exactly 1 (chosen 0)", none.errors().getFirst().message());
    assertEquals("items[0].options", none.errors().getFirst().field());
    var two =
        assertThrows(
            DomainException.RuleViolated.class,
            () -> order(option(size, "Large"), option(size, "Regular")));
    assertTrue(two.errors().getFirst().message().startsWith("Size: choose exactly 1"));
    var four =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                order(
                    option(size, "Large"),
                    option(toppings, "Olives"),
                    option(toppings, "Ham"),
                    option(toppings, "Corn"),
                    option(toppings, "Pineapple")));
    assertEquals("option_unavailable", four.code());
    var tooMany =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                order(
                    option(size, "Large"),
                    option(toppings, "Olives"),
                    option(toppings, "Ham"),
                    option(toppings, "Corn"),
                    option(size, "Regular")));
    assertEquals("options_invalid", tooMany.code());
    var unknown = assertThrows(DomainException.RuleViolated.class, () -> order(UUID.randomUUID()));
    assertEquals("option_not_found", unknown.code());
  }

  @Test
  void aHappyHourRuleSetsThePriceInItsWindowAndTheSnapshotSaysWhichRule() {
    world.addPriceRule.handle(
        owner,
        new AddPriceRule.Command(
            "Lunch 20% off",
            PriceRule.Kind.PERCENT_OFF,
            20L,
            Set.of(DayOfWeek.TUESDAY),
            LocalTime.parse("11:00"),
            LocalTime.parse("14:00"),
            1,
            Set.of(pizza.id()),
            Set.of()));
    world.addPriceRule.handle(
        owner,
        new AddPriceRule.Command(
            "Everything 1000 off",
            PriceRule.Kind.AMOUNT_OFF,
            1000L,
            Set.of(),
            LocalTime.parse("00:00"),
            LocalTime.parse("23:59"),
            0,
            Set.of(),
            Set.of()));
    Order lunch = order(option(size, "Regular"));
    OrderLine line = lunch.lines().getFirst();
    assertEquals(20000, line.basePrice().amount());
    assertEquals(
        16000, line.unitPrice().amount(), "the higher-priority rule wins over a cheaper one");
    assertEquals("Lunch 20% off", line.priceRuleName());
    var menu = world.getMenu.handle(owner.restaurantId());
    assertEquals(16000, menu.items().getFirst().price().price().amount());

    world.clock.advance(Duration.ofHours(3)); // 15:00 in Seoul: lunch is over
    OrderLine later = order(option(size, "Regular")).lines().getFirst();
    assertEquals(19000, later.unitPrice().amount());
    assertEquals("Everything 1000 off", later.priceRuleName());
    assertEquals(
        16000,
        world.getOrder.handle(owner, lunch.id()).lines().getFirst().unitPrice().amount(),
        "an order keeps the price it was charged");
  }

  @Test
  void percentagesRoundToTheNearestWonAndPricesNeverGoBelowZero() {
    MenuItem odd = world.anItem(owner, "Odd", 999, null);
    PriceRule third =
        new PriceRule(
            UUID.randomUUID(),
            owner.restaurantId(),
            "t",
            PriceRule.Kind.PERCENT_OFF,
            33,
            Set.of(DayOfWeek.values()),
            LocalTime.MIN,
            LocalTime.NOON,
            0,
            Set.of(),
            Set.of());
    assertEquals(669, third.apply(odd.price()).amount());
    PriceRule huge =
        new PriceRule(
            UUID.randomUUID(),
            owner.restaurantId(),
            "h",
            PriceRule.Kind.AMOUNT_OFF,
            5000,
            Set.of(DayOfWeek.values()),
            LocalTime.MIN,
            LocalTime.NOON,
            0,
            Set.of(),
            Set.of());
    assertEquals(0, huge.apply(odd.price()).amount());
  }

  @Test
  void aClosedRestaurantRefusesOrdersAndSaysWhenItOpens() {
    // Tuesday 12:00 in Seoul; open only Tuesday 17:00-23:00.
    world.setHours.handle(
        owner,
        new SetOpeningHours.Command(
            new OpeningHours(
                List.of(
                    new OpeningHours.Range(
                        DayOfWeek.TUESDAY, LocalTime.parse("17:00"), LocalTime.parse("23:00"))),
                Set.of(),
                List.of()),
            null));
    var closed =
        assertThrows(DomainException.RuleViolated.class, () -> order(option(size, "Regular")));
    assertEquals("restaurant_closed", closed.code());
    assertEquals("2026-11-24T08:00:00Z", closed.details().get("next_opening_at"));
    world.clock.advance(Duration.ofHours(5));
    assertEquals(1, order(option(size, "Regular")).lines().size());
  }

  @Test
  void theOwnersOrderPrefixNumbersTheOrders() {
    world.updateSettings.handle(
        owner,
        new UpdateRestaurantSettings.Command(
            null, null, null, null, null, null, Optional.of("T"), null, null));
    assertEquals("T-001", order(option(size, "Regular")).number().value());
    assertThrows(
        DomainException.Invalid.class,
        () ->
            world.updateSettings.handle(
                owner,
                new UpdateRestaurantSettings.Command(
                    null, null, null, null, null, null, Optional.of("toolong"), null, null)));
  }
}
