package dev.ordersync.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ordersync.core.restaurant.OpeningHours;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportScheduleTest {
  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  static final LocalDate FRIDAY = LocalDate.of(2026, 12, 4);

  static OpeningHours hours(OpeningHours.Range... ranges) {
    return new OpeningHours(List.of(ranges), Set.of(), List.of());
  }

  static Instant seoul(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(SEOUL).toInstant();
  }

  @Test
  void aDayThatClosesBeforeMidnightReportsHalfAnHourAfterItsLastClosing() {
    var h =
        hours(
            new OpeningHours.Range(DayOfWeek.FRIDAY, LocalTime.of(11, 0), LocalTime.of(15, 0)),
            new OpeningHours.Range(DayOfWeek.FRIDAY, LocalTime.of(17, 0), LocalTime.of(22, 0)));
    assertEquals(seoul("2026-12-04T22:30"), ReportSchedule.dailyDue(FRIDAY, h, SEOUL));
  }

  @Test
  void aBarOpenPastMidnightReportsAtFourTheNextMorning() {
    var h =
        hours(new OpeningHours.Range(DayOfWeek.FRIDAY, LocalTime.of(18, 0), LocalTime.of(2, 0)));
    assertEquals(seoul("2026-12-05T04:00"), ReportSchedule.dailyDue(FRIDAY, h, SEOUL));
  }

  @Test
  void aRestaurantWithoutHoursOrClosedThatDayReportsAtFourTheNextMorning() {
    assertEquals(
        seoul("2026-12-05T04:00"), ReportSchedule.dailyDue(FRIDAY, OpeningHours.ALWAYS, SEOUL));
    var mondaysOnly =
        hours(new OpeningHours.Range(DayOfWeek.MONDAY, LocalTime.of(9, 0), LocalTime.of(18, 0)));
    assertEquals(seoul("2026-12-05T04:00"), ReportSchedule.dailyDue(FRIDAY, mondaysOnly, SEOUL));
    var holiday =
        new OpeningHours(
            List.of(
                new OpeningHours.Range(DayOfWeek.FRIDAY, LocalTime.of(9, 0), LocalTime.of(18, 0))),
            Set.of(FRIDAY),
            List.of());
    assertEquals(seoul("2026-12-05T04:00"), ReportSchedule.dailyDue(FRIDAY, holiday, SEOUL));
  }

  @Test
  void theWeeklySummaryOfAWeekGoesTheMondayAfterAtNine() {
    LocalDate monday = ReportSchedule.lastWeek(FRIDAY);
    assertEquals(LocalDate.of(2026, 11, 23), monday);
    assertEquals(seoul("2026-11-30T09:00"), ReportSchedule.weeklyDue(monday, SEOUL));
    assertEquals(LocalDate.of(2026, 11, 23), ReportSchedule.lastWeek(LocalDate.of(2026, 11, 30)));
  }

  @Test
  void theNinetiethPercentileIsTheUpperEdgeOfItsBucketByNearestRank() {
    // Ten orders: nine within 60-65 s and one at 300-305 s: the 9th of 10 is in 60-65.
    var buckets =
        List.of(
            new SalesFigures.StageBucket(
                SalesFigures.Stage.PLACED_TO_ACCEPTED, 60, 5, 9, 9 * 61_000),
            new SalesFigures.StageBucket(
                SalesFigures.Stage.PLACED_TO_ACCEPTED, 300, 5, 1, 301_000));
    var t = GetSalesAnalytics.times(buckets, SalesFigures.Stage.PLACED_TO_ACCEPTED);
    assertEquals(10, t.count());
    assertEquals(65L, t.p90());
    assertEquals("85.0", t.average().toPlainString());
    var none = GetSalesAnalytics.times(buckets, SalesFigures.Stage.ACCEPTED_TO_READY);
    assertEquals(0, none.count());
    assertEquals(null, none.p90());
  }

  @Test
  void aWeekSeriesStartsAtTheFirstDayThenOnMondays() {
    var starts =
        GetSalesAnalytics.bucketStarts(
            new AnalyticsRange(FRIDAY, FRIDAY.plusDays(10), Granularity.WEEK), SEOUL);
    assertEquals(
        List.of(seoul("2026-12-04T00:00"), seoul("2026-12-07T00:00"), seoul("2026-12-14T00:00")),
        starts);
  }
}
