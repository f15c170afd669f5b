package dev.ordersync.sdk;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A time-bound price (happy hour): on {@code days} (all when empty) from {@code from} to {@code to}
 * in the restaurant's local time (past midnight allowed), the covered items ({@code itemIds} and
 * the items of {@code categoryIds}; every item when both are empty) cost less. The highest priority
 * wins, then the lowest price.
 *
 * @param value a percentage for PERCENT_OFF, won for AMOUNT_OFF and SET_PRICE
 */
public record PriceRule(
    UUID id,
    String name,
    Kind kind,
    long value,
    List<DayOfWeek> days,
    LocalTime from,
    LocalTime to,
    int priority,
    List<UUID> itemIds,
    List<UUID> categoryIds) {
  public PriceRule {
    // A day this JDK does not know cannot occur, but a null from a malformed answer is dropped.
    days = days == null ? List.of() : days.stream().filter(Objects::nonNull).toList();
    itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
    categoryIds = categoryIds == null ? List.of() : List.copyOf(categoryIds);
  }

  /** How the rule changes a price; {@code UNKNOWN} is a kind newer than this SDK. */
  public enum Kind {
    PERCENT_OFF,
    AMOUNT_OFF,
    SET_PRICE,
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
