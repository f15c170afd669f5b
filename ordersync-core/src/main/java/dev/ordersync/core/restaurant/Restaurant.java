package dev.ordersync.core.restaurant;

import dev.ordersync.core.shared.BusinessNumber;
import dev.ordersync.core.shared.PhoneNumber;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A restaurant: the tenant every menu and order belongs to.
 *
 * @param phone may be null
 * @param address may be null
 * @param prepMinutes the usual preparation time, offered to customers until the restaurant says
 *     otherwise per order
 * @param requireStaffSecondFactor whether its STAFF must have logged in with a second factor to act
 *     for it
 * @param orderPrefix the letters before each order number ("T" gives T-001), or null for
 *     A-001...Z-999
 */
public record Restaurant(
    UUID id,
    String name,
    BusinessNumber businessNumber,
    PhoneNumber phone,
    String address,
    ZoneId timeZone,
    boolean paused,
    boolean autoAccept,
    int prepMinutes,
    PaymentMode paymentMode,
    boolean requireStaffSecondFactor,
    OpeningHours hours,
    String orderPrefix,
    long version,
    Instant createdAt,
    Instant updatedAt) {
  public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Asia/Seoul");
  public static final int DEFAULT_PREP_MINUTES = 15;

  public Restaurant {
    if (id == null
        || name == null
        || businessNumber == null
        || timeZone == null
        || paymentMode == null
        || hours == null) {
      throw new IllegalArgumentException("restaurant fields missing");
    }
    if (orderPrefix != null && !orderPrefix.matches("[A-Z]{1,3}")) {
      throw new IllegalArgumentException("an order prefix is one to three capital letters");
    }
    if (prepMinutes < 1 || prepMinutes > 240) {
      throw new IllegalArgumentException("prep_minutes must be between 1 and 240");
    }
  }

  /** Whether new orders are taken at this moment: not paused, and within the opening hours. */
  public boolean takesOrders(Instant at) {
    return !paused && hours.isOpen(at, timeZone);
  }

  public boolean openAt(Instant at) {
    return hours.isOpen(at, timeZone);
  }

  /** When the restaurant next opens (now, if it is open), by its hours alone. */
  public java.util.Optional<Instant> nextOpening(Instant at) {
    return hours.nextOpening(at, timeZone);
  }

  Restaurant withSettings(
      boolean paused,
      boolean autoAccept,
      int prepMinutes,
      PaymentMode mode,
      boolean staffMfa,
      String prefix,
      String name,
      Instant at) {
    return new Restaurant(
        id,
        name,
        businessNumber,
        phone,
        address,
        timeZone,
        paused,
        autoAccept,
        prepMinutes,
        mode,
        staffMfa,
        hours,
        prefix,
        version + 1,
        createdAt,
        at);
  }

  Restaurant withHours(OpeningHours newHours, Instant at) {
    return new Restaurant(
        id,
        name,
        businessNumber,
        phone,
        address,
        timeZone,
        paused,
        autoAccept,
        prepMinutes,
        paymentMode,
        requireStaffSecondFactor,
        newHours,
        orderPrefix,
        version + 1,
        createdAt,
        at);
  }
}
