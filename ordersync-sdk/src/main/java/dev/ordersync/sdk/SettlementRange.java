package dev.ordersync.sdk;

import java.time.LocalDate;
import java.util.List;

/**
 * Settlements of each day from {@code from} to {@code to}, both included (days without payments
 * too, with zeros), in the restaurant's time zone.
 */
public record SettlementRange(
    LocalDate from, LocalDate to, String timeZone, List<Settlement> days) {
  public SettlementRange {
    days = days == null ? List.of() : List.copyOf(days);
  }
}
