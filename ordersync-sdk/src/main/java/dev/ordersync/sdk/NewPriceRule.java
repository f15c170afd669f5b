package dev.ordersync.sdk;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A price rule to add (see {@link PriceRule}).
 *
 * @param days empty for every day
 * @param itemIds with {@code categoryIds} empty too: every item
 */
public record NewPriceRule(
    String name,
    PriceRule.Kind kind,
    long value,
    List<DayOfWeek> days,
    LocalTime from,
    LocalTime to,
    int priority,
    List<UUID> itemIds,
    List<UUID> categoryIds) {
  public NewPriceRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (kind == PriceRule.Kind.UNKNOWN) {
      throw new IllegalArgumentException("UNKNOWN is not a kind one can choose");
    }
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    days = days == null ? List.of() : List.copyOf(days);
    itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
    categoryIds = categoryIds == null ? List.of() : List.copyOf(categoryIds);
  }
}
