package dev.ordersync.core.analytics;

import dev.ordersync.core.restaurant.OpeningHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * When the owner's reports go out, in the restaurant's time zone.
 *
 * <ul>
 *   <li>The daily report of a day goes 30 minutes after the restaurant's last closing of that day,
 *       when that closing is on the day itself (a 10:00-22:00 day reports at 22:30). When the day's
 *       last range runs past midnight (a bar open 18:00-02:00), when the restaurant has set no
 *       hours (open around the clock), or when it is closed that day (a holiday, a weekday without
 *       hours), it goes at {@value #LATE_HOUR}:00 the next morning.
 *   <li>The weekly summary of a week (Monday to Sunday) goes the Monday after, at {@value
 *       #WEEKLY_HOUR}:00.
 * </ul>
 */
public final class ReportSchedule {
  static final Duration AFTER_CLOSING = Duration.ofMinutes(30);
  static final int LATE_HOUR = 4;
  static final int WEEKLY_HOUR = 9;

  private ReportSchedule() {}

  /** When the daily report of {@code day} is due. */
  public static Instant dailyDue(LocalDate day, OpeningHours hours, ZoneId zone) {
    Instant fallback = day.plusDays(1).atTime(LATE_HOUR, 0).atZone(zone).toInstant();
    if (!hours.configured() || hours.holidays().contains(day)) {
      return fallback;
    }
    LocalTime last = null;
    for (OpeningHours.Range r : hours.weekly()) {
      if (r.day() != day.getDayOfWeek()) {
        continue;
      }
      if (!r.closes().isAfter(r.opens())) {
        return fallback; // runs past midnight (or round the clock)
      }
      if (last == null || r.closes().isAfter(last)) {
        last = r.closes();
      }
    }
    if (last == null) {
      return fallback;
    }
    return ZonedDateTime.of(day, last, zone).toInstant().plus(AFTER_CLOSING);
  }

  /** The Monday starting the week before the one {@code today} is in. */
  public static LocalDate lastWeek(LocalDate today) {
    return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
  }

  /** When the weekly summary of the week starting {@code monday} is due. */
  public static Instant weeklyDue(LocalDate monday, ZoneId zone) {
    return monday.plusWeeks(1).atTime(WEEKLY_HOUR, 0).atZone(zone).toInstant();
  }
}
