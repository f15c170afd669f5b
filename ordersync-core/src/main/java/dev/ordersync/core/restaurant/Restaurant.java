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
 * @param prepMinutes the usual preparation time, offered to customers until the restaurant says otherwise per order
 * @param requireStaffSecondFactor whether its STAFF must have logged in with a second factor to act for it
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
    long version,
    Instant createdAt,
    Instant updatedAt) {
  public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Asia/Seoul");
  public static final int DEFAULT_PREP_MINUTES = 15;

  public Restaurant {
    if (id == null || name == null || businessNumber == null || timeZone == null || paymentMode == null) {
      throw new IllegalArgumentException("restaurant fields missing");
    }
    if (prepMinutes < 1 || prepMinutes > 240) {
      throw new IllegalArgumentException("prep_minutes must be between 1 and 240");
    }
  }

  /** Whether new orders are taken now. Opening hours join this rule when the restaurant has them. */
  public boolean takesOrders() {
    return !paused;
  }

  Restaurant withSettings(
      boolean paused, boolean autoAccept, int prepMinutes, PaymentMode mode, boolean staffMfa, String name, Instant at) {
    return new Restaurant(
        id, name, businessNumber, phone, address, timeZone, paused, autoAccept, prepMinutes, mode, staffMfa, version + 1,
        createdAt, at);
  }
}
