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
 * @param tables the owner's labels of its tables, in the owner's order (one QR code each): at most
 *     {@value #MAX_TABLES}, unique, each 1 to 20 letters, digits, Hangul or hyphens
 * @param guestTexts which changes of an order its guests are told of by text message (those who
 *     gave a phone and agreed); {@link GuestText#DEFAULTS} when null
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
    java.util.List<String> tables,
    java.util.Set<GuestText> guestTexts,
    long version,
    Instant createdAt,
    Instant updatedAt) {
  public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Asia/Seoul");
  public static final int MAX_TABLES = 200;
  private static final java.util.regex.Pattern TABLE_LABEL =
      java.util.regex.Pattern.compile("[\\p{IsAlphabetic}\\p{Nd}\\-]{1,20}");

  /** A restaurant without table labels (as before tables existed). */
  public Restaurant(
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
    this(
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
        hours,
        orderPrefix,
        java.util.List.of(),
        null,
        version,
        createdAt,
        updatedAt);
  }

  /** A restaurant that sends its guests the default texts ({@link GuestText#DEFAULTS}). */
  public Restaurant(
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
      java.util.List<String> tables,
      long version,
      Instant createdAt,
      Instant updatedAt) {
    this(
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
        hours,
        orderPrefix,
        tables,
        null,
        version,
        createdAt,
        updatedAt);
  }

  /**
   * Whether {@code label} can name a table: 1 to 20 letters (Latin, Hangul, any script), digits or
   * hyphens. A QR code's URL carries it, so nothing else (no spaces, slashes or dots).
   */
  /** What {@link #isTableLabel} accepts, in words, for the messages that refuse a label. */
  public static final String TABLE_LABEL_RULE = "1 to 20 letters, digits, Hangul or hyphens";

  public static boolean isTableLabel(String label) {
    return label != null && TABLE_LABEL.matcher(label).matches();
  }

  /** Why {@code tables} cannot be a restaurant's labels, or null if they can. */
  public static String tablesProblem(java.util.List<String> tables) {
    if (tables.size() > MAX_TABLES) {
      return "at most " + MAX_TABLES + " tables";
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String t : tables) {
      if (!isTableLabel(t)) {
        return "each table is " + TABLE_LABEL_RULE;
      }
      if (!seen.add(t)) {
        return "table labels are unique (" + t + " twice)";
      }
    }
    return null;
  }

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
    tables = tables == null ? java.util.List.of() : java.util.List.copyOf(tables);
    if (tablesProblem(tables) != null) {
      throw new IllegalArgumentException(tablesProblem(tables));
    }
    guestTexts = guestTexts == null ? GuestText.DEFAULTS : GuestText.copyOf(guestTexts);
  }

  /** Whether its guests are told of {@code change} by text (when they gave a phone and agreed). */
  public boolean texts(GuestText change) {
    return guestTexts.contains(change);
  }

  /** Whether {@code label} is one of this restaurant's tables. */
  public boolean hasTable(String label) {
    return tables.contains(label);
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
      java.util.List<String> newTables,
      java.util.Set<GuestText> newGuestTexts,
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
        newTables,
        newGuestTexts,
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
        tables,
        guestTexts,
        version + 1,
        createdAt,
        at);
  }
}
