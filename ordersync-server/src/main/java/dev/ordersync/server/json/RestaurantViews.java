package dev.ordersync.server.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ordersync.core.restaurant.ManageStaff;
import dev.ordersync.core.restaurant.OpeningHours;
import dev.ordersync.core.restaurant.Restaurant;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A restaurant as the public and its owner see it, its opening hours, and its staff. Each {@code
 * of} method is the only place its domain object becomes JSON.
 */
public final class RestaurantViews {
  private RestaurantViews() {}

  /**
   * A restaurant; the owner's view adds the business number, settings version and the owner-only
   * settings.
   */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record RestaurantView(
      UUID id,
      String name,
      @JsonInclude(JsonInclude.Include.NON_NULL) String businessNumber,
      String phone,
      String address,
      String timeZone,
      boolean paused,
      boolean openNow,
      Instant nextOpeningAt,
      HoursView openingHours,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean autoAccept,
      int prepMinutes,
      String paymentMode,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean requireStaffMfa,
      @JsonInclude(JsonInclude.Include.NON_NULL) String orderPrefix,
      @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<String> tables,
      @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<String> guestTexts,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long version,
      Instant createdAt,
      Instant updatedAt) {
    public static RestaurantView forOwner(Restaurant r, Instant now) {
      return new RestaurantView(
          r.id(),
          r.name(),
          r.businessNumber().formatted(),
          phone(r),
          r.address(),
          r.timeZone().getId(),
          r.paused(),
          r.takesOrders(now),
          next(r, now),
          HoursView.of(r.hours()),
          r.autoAccept(),
          r.prepMinutes(),
          r.paymentMode().name(),
          r.requireStaffSecondFactor(),
          r.orderPrefix(),
          r.tables(),
          r.guestTexts().stream().map(dev.ordersync.core.restaurant.GuestText::wireName).toList(),
          r.version(),
          r.createdAt(),
          r.updatedAt());
    }

    public static RestaurantView forPublic(Restaurant r, Instant now) {
      return new RestaurantView(
          r.id(),
          r.name(),
          null,
          phone(r),
          r.address(),
          r.timeZone().getId(),
          r.paused(),
          r.takesOrders(now),
          next(r, now),
          HoursView.of(r.hours()),
          null,
          r.prepMinutes(),
          r.paymentMode().name(),
          null,
          null,
          null,
          null,
          null,
          r.createdAt(),
          r.updatedAt());
    }

    /**
     * When it opens next, if it is closed now by its hours (a paused restaurant has no known time).
     */
    private static Instant next(Restaurant r, Instant now) {
      return r.paused() || r.takesOrders(now) ? null : r.nextOpening(now).orElse(null);
    }

    private static String phone(Restaurant r) {
      return r.phone() == null ? null : r.phone().formatted();
    }
  }

  public record RangeView(String day, String opens, String closes) {}

  public record ClosureView(Instant from, Instant to, String reason) {}

  public record HoursView(
      List<RangeView> weekly, List<String> holidays, List<ClosureView> closures) {
    static HoursView of(OpeningHours h) {
      return new HoursView(
          h.weekly().stream()
              .map(r -> new RangeView(r.day().name(), r.opens().toString(), r.closes().toString()))
              .toList(),
          h.holidays().stream().sorted().map(Object::toString).toList(),
          h.closures().stream().map(c -> new ClosureView(c.from(), c.to(), c.reason())).toList());
    }
  }

  public record MemberView(
      UUID userId, String email, String name, String role, String accountRole) {
    public static MemberView of(ManageStaff.Member m) {
      return new MemberView(
          m.user().id(),
          m.user().email().value(),
          m.user().name(),
          m.role().name(),
          m.user().role().name());
    }
  }
}
