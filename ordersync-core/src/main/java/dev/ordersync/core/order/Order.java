package dev.ordersync.core.order;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.Won;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The order aggregate root. Immutable: every change returns a {@link Change} holding the next state
 * of the order and the event that describes it. Whether a change is allowed is decided by {@link
 * OrderAction} alone.
 *
 * @param table the table number for dine-in, or null
 * @param note the customer's note to the kitchen, or null
 * @param prepMinutes the preparation time promised on acceptance, or null before that
 * @param readyBy when the order should be ready (acceptance time plus preparation time), or null
 *     before acceptance
 * @param reason why it was rejected or canceled, or null
 */
public record Order(
    UUID id,
    UUID restaurantId,
    OrderNumber number,
    OrderStatus status,
    long version,
    Fulfillment fulfillment,
    String table,
    String note,
    Customer customer,
    List<OrderLine> lines,
    Won subtotal,
    Won discount,
    Won total,
    Integer prepMinutes,
    Instant readyBy,
    String reason,
    Instant createdAt,
    Instant updatedAt) {

  public Order {
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("an order has at least one line");
    }
    Won sum = lines.stream().map(OrderLine::lineTotal).reduce(Won.ZERO, Won::plus);
    if (!sum.equals(subtotal) || !subtotal.minus(discount).equals(total)) {
      throw new IllegalArgumentException("order totals do not add up");
    }
  }

  /** The next state of an order and the event that led to it. */
  public record Change(Order order, OrderEvent event) {}

  /**
   * A new order. It starts {@code PLACED}, or {@code AWAITING_PAYMENT} when it must be paid online
   * before the restaurant sees it.
   */
  public static Change create(
      UUID id,
      UUID restaurantId,
      OrderNumber number,
      boolean payFirst,
      Fulfillment fulfillment,
      String table,
      String note,
      Customer customer,
      List<OrderLine> lines,
      Won discount,
      Instant at) {
    Won subtotal = lines.stream().map(OrderLine::lineTotal).reduce(Won.ZERO, Won::plus);
    OrderStatus status = payFirst ? OrderStatus.AWAITING_PAYMENT : OrderStatus.PLACED;
    Order order =
        new Order(
            id,
            restaurantId,
            number,
            status,
            1,
            fulfillment,
            table,
            note,
            customer,
            lines,
            subtotal,
            discount,
            subtotal.minus(discount),
            null,
            null,
            null,
            at,
            at);
    return new Change(
        order, new OrderEvent.OrderCreated(Ids.newId(), id, restaurantId, 1, status, at));
  }

  public Change pay(Instant at) {
    Order next = moved(OrderAction.PAY, at);
    return new Change(
        next,
        new OrderEvent.OrderPaid(Ids.newId(), id, restaurantId, next.version, next.status, at));
  }

  public Change accept(int prepMinutes, Instant at) {
    if (prepMinutes < 1 || prepMinutes > 240) {
      throw new DomainException.Invalid("prep_minutes", "must be between 1 and 240");
    }
    Order moved = moved(OrderAction.ACCEPT, at);
    Order next = moved.with(prepMinutes, at.plusSeconds(60L * prepMinutes), null);
    return new Change(
        next,
        new OrderEvent.OrderAccepted(
            Ids.newId(), id, restaurantId, next.version, next.status, at, prepMinutes));
  }

  public Change reject(String reason, Instant at) {
    Order next = moved(OrderAction.REJECT, at).with(prepMinutes, readyBy, reason);
    return new Change(
        next,
        new OrderEvent.OrderRejected(
            Ids.newId(), id, restaurantId, next.version, next.status, at, reason));
  }

  public Change start(Instant at) {
    Order next = moved(OrderAction.START, at);
    return new Change(
        next,
        new OrderEvent.OrderStarted(Ids.newId(), id, restaurantId, next.version, next.status, at));
  }

  public Change markReady(Instant at) {
    Order next = moved(OrderAction.MARK_READY, at);
    return new Change(
        next,
        new OrderEvent.OrderReady(Ids.newId(), id, restaurantId, next.version, next.status, at));
  }

  public Change complete(Instant at) {
    Order next = moved(OrderAction.COMPLETE, at);
    return new Change(
        next,
        new OrderEvent.OrderCompleted(
            Ids.newId(), id, restaurantId, next.version, next.status, at));
  }

  /** The customer changes their mind before the restaurant has accepted. */
  public Change cancelByCustomer(String reason, Instant at) {
    Order next = moved(OrderAction.CANCEL_BY_CUSTOMER, at).with(prepMinutes, readyBy, reason);
    return new Change(
        next,
        new OrderEvent.OrderCanceled(
            Ids.newId(), id, restaurantId, next.version, next.status, at, true, reason));
  }

  /** The restaurant cannot finish an order it has accepted. */
  public Change cancelByRestaurant(String reason, Instant at) {
    Order next = moved(OrderAction.CANCEL_BY_RESTAURANT, at).with(prepMinutes, readyBy, reason);
    return new Change(
        next,
        new OrderEvent.OrderCanceled(
            Ids.newId(), id, restaurantId, next.version, next.status, at, false, reason));
  }

  public Change expire(Instant at) {
    Order next = moved(OrderAction.EXPIRE, at);
    return new Change(
        next,
        new OrderEvent.OrderExpired(Ids.newId(), id, restaurantId, next.version, next.status, at));
  }

  /**
   * Part or all of the order's payment went back to the customer. Not a move in the state machine:
   * the status stays, the version goes up, so live viewers hear of it in order with every other
   * change.
   */
  public Change refunded(long amount, long balance, Instant at) {
    Order next =
        new Order(
            id,
            restaurantId,
            number,
            status,
            version + 1,
            fulfillment,
            table,
            note,
            customer,
            lines,
            subtotal,
            discount,
            total,
            prepMinutes,
            readyBy,
            reason,
            createdAt,
            at);
    return new Change(
        next,
        new OrderEvent.OrderRefunded(
            Ids.newId(), id, restaurantId, next.version, next.status, at, amount, balance));
  }

  /** Whether the order holds none of its customer's personal details (never given, or erased). */
  public boolean withoutCustomerDetails() {
    return note == null && customer.name() == null && customer.phone() == null;
  }

  /**
   * The customer's name, phone and note removed, at their request; everything else (the business
   * record) stays, the account link too.
   */
  public Change eraseCustomer(Instant at) {
    Order next =
        new Order(
            id,
            restaurantId,
            number,
            status,
            version + 1,
            fulfillment,
            table,
            null,
            new Customer(customer.userId(), null, null),
            lines,
            subtotal,
            discount,
            total,
            prepMinutes,
            readyBy,
            reason,
            createdAt,
            at);
    return new Change(
        next,
        new OrderEvent.CustomerErased(Ids.newId(), id, restaurantId, next.version, status, at));
  }

  /** Whether this order's ingredients were taken from stock and not yet given back. */
  public boolean holdsStock() {
    return status != OrderStatus.REJECTED
        && status != OrderStatus.CANCELED
        && status != OrderStatus.EXPIRED;
  }

  private Order moved(OrderAction action, Instant at) {
    if (!action.allowedFrom(status)) {
      throw new DomainException.Conflict(
          "invalid_transition", "an order that is " + status + " cannot become " + action.target());
    }
    return new Order(
        id,
        restaurantId,
        number,
        action.target(),
        version + 1,
        fulfillment,
        table,
        note,
        customer,
        lines,
        subtotal,
        discount,
        total,
        prepMinutes,
        readyBy,
        reason,
        createdAt,
        at);
  }

  private Order with(Integer prepMinutes, Instant readyBy, String reason) {
    return new Order(
        id,
        restaurantId,
        number,
        status,
        version,
        fulfillment,
        table,
        note,
        customer,
        lines,
        subtotal,
        discount,
        total,
        prepMinutes,
        readyBy,
        reason,
        createdAt,
        updatedAt);
  }
}
