package dev.ordersync.core.order;

import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.Page;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.PersonalDataAccessLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The order board: the orders of the restaurant the caller acts for, newest first, a page at a
 * time.
 */
public final class ListRestaurantOrders {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  private final Orders orders;
  private final StaffAccess staff;
  private final UnitOfWork unitOfWork;
  private final PersonalDataAccessLog reads;

  public ListRestaurantOrders(
      Orders orders, StaffAccess staff, UnitOfWork unitOfWork, PersonalDataAccessLog reads) {
    this.orders = orders;
    this.staff = staff;
    this.unitOfWork = unitOfWork;
    this.reads = reads;
  }

  /**
   * Every field may be null: no status filter, no time bounds, the first page, the default page
   * size.
   */
  public record Query(
      Set<OrderStatus> statuses, Instant from, Instant to, String cursor, Integer limit) {}

  public Page<Order> handle(Caller caller, Query query) {
    return handle(caller, () -> query, "order_board");
  }

  /**
   * As {@link #handle(Caller, Query)}, with the query read only once the caller is known to be
   * staff of a restaurant: a refused caller gets 401 or 403 whatever their parameters, in the one
   * unit of work of the read (no separate check before it).
   */
  public Page<Order> handle(Caller caller, Supplier<Query> query) {
    return handle(caller, query, "order_board");
  }

  public Page<Order> handle(Caller caller, Query query, String view) {
    return handle(caller, () -> query, view);
  }

  /**
   * The page, its read of the customers' names and phones recorded (in the same unit of work) as
   * made through {@code view}.
   */
  private Page<Order> handle(Caller caller, Supplier<Query> query, String view) {
    // In a unit of work, so the tenant wall raised by the access check also guards the read.
    return unitOfWork.run(
        () -> {
          Page<Order> page = list(caller, query);
          if (caller instanceof Caller.SignedIn reader) {
            CustomerDataReads.record(reads, reader, view, page.items());
          }
          return page;
        });
  }

  private Page<Order> list(Caller caller, Supplier<Query> read) {
    UUID restaurantId = staff.requireStaff(caller);
    Query query = read.get();
    int limit = query.limit() == null ? DEFAULT_LIMIT : query.limit();
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new DomainException.Invalid("limit", "must be between 1 and " + MAX_LIMIT);
    }
    if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
      throw new DomainException.Invalid("from", "must be before to");
    }
    UUID before = query.cursor() == null ? null : decode(query.cursor());
    // An order awaiting its online payment is not the restaurant's yet: the board never shows it.
    Set<OrderStatus> statuses = java.util.EnumSet.allOf(OrderStatus.class);
    if (query.statuses() != null && !query.statuses().isEmpty()) {
      statuses = java.util.EnumSet.copyOf(query.statuses());
    }
    statuses.remove(OrderStatus.AWAITING_PAYMENT);
    if (statuses.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    List<Order> found =
        orders.list(restaurantId, statuses, query.from(), query.to(), before, limit + 1);
    if (found.size() <= limit) {
      return new Page<>(found, null);
    }
    List<Order> page = found.subList(0, limit);
    return new Page<>(page, encode(page.getLast().id()));
  }

  private static String encode(UUID id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(id.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static UUID decode(String cursor) {
    try {
      return UUID.fromString(
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new DomainException.Invalid("cursor", "is not a cursor this server gave out");
    }
  }
}
