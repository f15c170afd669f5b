package dev.ordersync.sdk;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * When a restaurant takes orders, in its local time: weekly ranges (none at all = around the clock;
 * once any is set, a day without one is closed), holidays (closed all day) and closures (UTC
 * instants). A range whose {@code closes} is not after {@code opens} runs past midnight; {@code
 * 00:00}-{@code 00:00} is the whole day. Also what {@link
 * RestaurantsResource#setHours(OpeningHours)} sends.
 */
public record OpeningHours(List<Range> weekly, List<LocalDate> holidays, List<Closure> closures) {
  public OpeningHours {
    weekly = weekly == null ? List.of() : List.copyOf(weekly);
    holidays = holidays == null ? List.of() : List.copyOf(holidays);
    closures = closures == null ? List.of() : List.copyOf(closures);
  }

  /** One day's opening. */
  public record Range(DayOfWeek day, LocalTime opens, LocalTime closes) {}

  /**
   * A closure from {@code from} to {@code to}.
   *
   * @param reason may be null
   */
  public record Closure(Instant from, Instant to, String reason) {}
}
