package dev.ordersync.core.menu;

import dev.ordersync.core.shared.Won;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * A time-bound price: percent or amount off, or a set price, on some weekdays between two local
 * times (happy hour, lunch set), for some items or categories (or the whole menu). When several
 * apply, the highest priority wins, then the lowest resulting price.
 *
 * @param itemIds the items it covers; with {@code categoryIds}, both empty means every item
 * @param to exclusive; not after {@code from} means the window runs past midnight
 */
public record PriceRule(
    UUID id,
    UUID restaurantId,
    String name,
    Kind kind,
    long value,
    Set<DayOfWeek> days,
    LocalTime from,
    LocalTime to,
    int priority,
    Set<UUID> itemIds,
    Set<UUID> categoryIds) {
  public enum Kind {
    PERCENT_OFF,
    AMOUNT_OFF,
    SET_PRICE
  }

  public PriceRule {
    days = Set.copyOf(days);
    itemIds = Set.copyOf(itemIds);
    categoryIds = Set.copyOf(categoryIds);
    if (kind == PriceRule.Kind.PERCENT_OFF && (value < 1 || value > 100)) {
      throw new IllegalArgumentException("a percentage is 1 to 100");
    }
    if (kind != PriceRule.Kind.PERCENT_OFF && (value < 0 || value > MenuRules.MAX_PRICE)) {
      throw new IllegalArgumentException("an amount is 0 to " + MenuRules.MAX_PRICE);
    }
  }

  public boolean covers(MenuItem item) {
    if (itemIds.isEmpty() && categoryIds.isEmpty()) {
      return true;
    }
    return itemIds.contains(item.id())
        || (item.categoryId() != null && categoryIds.contains(item.categoryId()));
  }

  /**
   * Whether the rule is in force at this local time (a window past midnight belongs to the day it
   * starts).
   */
  public boolean activeAt(ZonedDateTime at) {
    LocalTime t = at.toLocalTime();
    if (from.isBefore(to)) {
      return days.contains(at.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
    }
    boolean lateToday = days.contains(at.getDayOfWeek()) && !t.isBefore(from);
    boolean earlyAfterYesterday = days.contains(at.getDayOfWeek().minus(1)) && t.isBefore(to);
    return lateToday || earlyAfterYesterday;
  }

  /**
   * The price after the rule; never below zero. Percentages round to the nearest won, halves up.
   */
  public Won apply(Won base) {
    long p =
        switch (kind) {
          case PERCENT_OFF -> base.amount() - Math.round(base.amount() * value / 100.0);
          case AMOUNT_OFF -> base.amount() - value;
          case SET_PRICE -> value;
        };
    return Won.of(Math.max(0, p));
  }
}
