package dev.ordersync.sdk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A restaurant. Its public profile ({@link RestaurantsResource#get(UUID)}) leaves out what only its
 * owner sees, so {@code businessNumber}, {@code autoAccept}, {@code requireStaffMfa}, {@code
 * orderPrefix}, {@code tables} and {@code version} are null there.
 *
 * @param phone may be null
 * @param address may be null
 * @param timeZone an IANA zone id such as {@code Asia/Seoul}
 * @param openNow whether it takes orders right now
 * @param nextOpeningAt when it opens next if closed by its hours now, else null
 * @param openingHours its weekly hours, holidays and closures
 * @param prepMinutes the usual preparation time offered to customers
 * @param orderPrefix the letters of its order numbers ({@code T} for {@code T-001}), or null for
 *     the default
 * @param tables its table labels in order, or null
 * @param guestTexts which changes are texted to guests ({@code accepted}, {@code ready}...); in the
 *     owner's view only, else null
 * @param dailyReport whether the owners get the daily report email; in the owner's view only
 * @param weeklyReport whether the owners get the weekly summary email; in the owner's view only
 */
public record Restaurant(
    UUID id,
    String name,
    String businessNumber,
    String phone,
    String address,
    String timeZone,
    boolean paused,
    boolean openNow,
    Instant nextOpeningAt,
    OpeningHours openingHours,
    Boolean autoAccept,
    int prepMinutes,
    PaymentMode paymentMode,
    Boolean requireStaffMfa,
    String orderPrefix,
    List<String> tables,
    List<String> guestTexts,
    Boolean dailyReport,
    Boolean weeklyReport,
    Long version,
    Instant createdAt,
    Instant updatedAt) {
  public Restaurant {
    tables = tables == null ? null : List.copyOf(tables);
  }
}
