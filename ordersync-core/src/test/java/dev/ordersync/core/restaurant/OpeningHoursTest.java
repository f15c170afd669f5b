package dev.ordersync.core.restaurant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpeningHoursTest {
  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  private static Instant seoul(String localDateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), SEOUL).toInstant();
  }

  private static OpeningHours.Range range(DayOfWeek d, String opens, String closes) {
    return new OpeningHours.Range(d, LocalTime.parse(opens), LocalTime.parse(closes));
  }

  // 2026-11-27 is a Friday, 2026-11-28 a Saturday.
  private final OpeningHours bar =
      new OpeningHours(
          List.of(
              range(DayOfWeek.FRIDAY, "11:30", "14:00"), range(DayOfWeek.FRIDAY, "18:00", "02:00")),
          Set.of(),
          List.of());

  @Test
  void severalRangesADayAndARangePastMidnight() {
    assertFalse(bar.isOpen(seoul("2026-11-27T11:29:59"), SEOUL));
    assertTrue(bar.isOpen(seoul("2026-11-27T11:30:00"), SEOUL));
    assertFalse(bar.isOpen(seoul("2026-11-27T14:00:00"), SEOUL), "closing time is exclusive");
    assertFalse(bar.isOpen(seoul("2026-11-27T17:59:00"), SEOUL));
    assertTrue(bar.isOpen(seoul("2026-11-27T23:59:00"), SEOUL));
    assertTrue(
        bar.isOpen(seoul("2026-11-28T01:59:00"), SEOUL), "Friday's range runs into Saturday");
    assertFalse(bar.isOpen(seoul("2026-11-28T02:00:00"), SEOUL));
    assertFalse(bar.isOpen(seoul("2026-11-28T19:00:00"), SEOUL), "no ranges on Saturday");
  }

  @Test
  void theNextOpeningIsTheNextRangeStartInTheRestaurantsZone() {
    assertEquals(
        seoul("2026-11-27T18:00:00"),
        bar.nextOpening(seoul("2026-11-27T15:00:00"), SEOUL).orElseThrow());
    assertEquals(
        seoul("2026-12-04T11:30:00"),
        bar.nextOpening(seoul("2026-11-28T03:00:00"), SEOUL).orElseThrow());
    Instant now = seoul("2026-11-27T12:00:00");
    assertEquals(now, bar.nextOpening(now, SEOUL).orElseThrow(), "open now");
  }

  @Test
  void aHolidayClosesTheRangesThatStartOnIt() {
    OpeningHours withHoliday =
        new OpeningHours(bar.weekly(), Set.of(LocalDate.parse("2026-11-27")), List.of());
    assertFalse(withHoliday.isOpen(seoul("2026-11-27T12:00:00"), SEOUL));
    assertFalse(withHoliday.isOpen(seoul("2026-11-28T01:00:00"), SEOUL));
    assertEquals(
        seoul("2026-12-04T11:30:00"),
        withHoliday.nextOpening(seoul("2026-11-27T10:00:00"), SEOUL).orElseThrow());
  }

  @Test
  void aClosureOverridesTheRangesAndEndsAtItsEnd() {
    OpeningHours closed =
        new OpeningHours(
            bar.weekly(),
            Set.of(),
            List.of(
                new OpeningHours.Closure(
                    seoul("2026-11-27T19:00:00"), seoul("2026-11-27T21:00:00"), "private party")));
    assertTrue(closed.isOpen(seoul("2026-11-27T18:30:00"), SEOUL));
    assertFalse(closed.isOpen(seoul("2026-11-27T20:00:00"), SEOUL));
    assertEquals(
        seoul("2026-11-27T21:00:00"),
        closed.nextOpening(seoul("2026-11-27T19:30:00"), SEOUL).orElseThrow());
  }

  @Test
  void noHoursMeansAlwaysOpenAndEveryDayAHolidayMeansNoNextOpening() {
    assertTrue(OpeningHours.ALWAYS.isOpen(Instant.now(), SEOUL));
    OpeningHours never =
        new OpeningHours(
            List.of(range(DayOfWeek.MONDAY, "09:00", "10:00")),
            Set.of(),
            List.of(
                new OpeningHours.Closure(
                    Instant.parse("2000-01-01T00:00:00Z"),
                    Instant.parse("2100-01-01T00:00:00Z"),
                    "gone")));
    assertTrue(never.nextOpening(seoul("2026-11-27T12:00:00"), SEOUL).isEmpty());
  }

  @Test
  void wholeDayRangesAndTheSameHoursInAnotherZone() {
    OpeningHours allMonday =
        new OpeningHours(List.of(range(DayOfWeek.MONDAY, "00:00", "00:00")), Set.of(), List.of());
    assertTrue(allMonday.isOpen(seoul("2026-11-30T00:00:00"), SEOUL));
    assertTrue(allMonday.isOpen(seoul("2026-11-30T23:59:59"), SEOUL));
    assertFalse(allMonday.isOpen(seoul("2026-12-01T00:00:00"), SEOUL));
    // 11:30 in Seoul is 02:30 UTC: the same instant is outside hours for a restaurant in UTC.
    assertFalse(bar.isOpen(seoul("2026-11-27T11:30:00"), ZoneId.of("UTC")));
  }
}
