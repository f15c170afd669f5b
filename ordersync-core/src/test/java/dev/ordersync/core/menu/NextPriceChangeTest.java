package dev.ordersync.core.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ordersync.core.shared.Won;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When a page showing prices must read the menu again, though nobody changed anything. */
class NextPriceChangeTest {
  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  static final UUID RESTAURANT = UUID.randomUUID();
  static final Instant MONDAY_NOON = Instant.parse("2026-12-07T03:00:00Z"); // 12:00 in Seoul

  static MenuItem anItem(long price) {
    return new MenuItem(
        UUID.randomUUID(),
        RESTAURANT,
        null,
        "Bibimbap",
        null,
        null,
        Won.of(price),
        true,
        null,
        1,
        MONDAY_NOON,
        MONDAY_NOON);
  }

  static PriceRule aRule(Set<DayOfWeek> days, String from, String to, Set<UUID> items) {
    return new PriceRule(
        UUID.randomUUID(),
        RESTAURANT,
        "Happy hour",
        PriceRule.Kind.AMOUNT_OFF,
        1000,
        days,
        LocalTime.parse(from),
        LocalTime.parse(to),
        1,
        items,
        Set.of());
  }

  @Test
  void aWindowLaterTodayChangesThePriceWhenItStarts() {
    var rule = aRule(EnumSet.allOf(DayOfWeek.class), "15:00", "17:00", Set.of());
    assertEquals(
        Instant.parse("2026-12-07T06:00:00Z"),
        Pricing.nextChange(List.of(anItem(9000)), List.of(rule), MONDAY_NOON, SEOUL));
  }

  @Test
  void insideAWindowThePriceChangesWhenItEnds() {
    var rule = aRule(EnumSet.allOf(DayOfWeek.class), "11:00", "14:00", Set.of());
    assertEquals(
        Instant.parse("2026-12-07T05:00:00Z"),
        Pricing.nextChange(List.of(anItem(9000)), List.of(rule), MONDAY_NOON, SEOUL));
  }

  @Test
  void aWindowOnAnotherDayIsFoundOnThatDay() {
    var rule = aRule(EnumSet.of(DayOfWeek.WEDNESDAY), "18:00", "20:00", Set.of());
    assertEquals(
        Instant.parse("2026-12-09T09:00:00Z"),
        Pricing.nextChange(List.of(anItem(9000)), List.of(rule), MONDAY_NOON, SEOUL));
  }

  @Test
  void aRuleThatCoversNoListedItemChangesNothing() {
    var rule = aRule(EnumSet.allOf(DayOfWeek.class), "15:00", "17:00", Set.of(UUID.randomUUID()));
    assertNull(Pricing.nextChange(List.of(anItem(9000)), List.of(rule), MONDAY_NOON, SEOUL));
    assertNull(Pricing.nextChange(List.of(anItem(9000)), List.of(), MONDAY_NOON, SEOUL));
  }

  @Test
  void aBoundaryHiddenByAHigherPriorityRuleIsSkipped() {
    var always =
        new PriceRule(
            UUID.randomUUID(),
            RESTAURANT,
            "Set price",
            PriceRule.Kind.SET_PRICE,
            5000,
            EnumSet.allOf(DayOfWeek.class),
            LocalTime.of(0, 0),
            LocalTime.of(23, 0),
            9,
            Set.of(),
            Set.of());
    var happyHour = aRule(EnumSet.allOf(DayOfWeek.class), "15:00", "17:00", Set.of());
    assertEquals(
        Instant.parse("2026-12-07T14:00:00Z"),
        Pricing.nextChange(List.of(anItem(9000)), List.of(always, happyHour), MONDAY_NOON, SEOUL),
        "15:00 and 17:00 change nothing under the set price; 23:00 does");
  }
}
