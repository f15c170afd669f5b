package dev.ordersync.server.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderLine;
import dev.ordersync.server.json.MenuViews.RuleRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as its customer, its restaurant and the live subscribers see it, and a page of the order
 * board. Each {@code of} method is the only place its domain object becomes JSON.
 */
public final class OrderViews {
  private OrderViews() {}

  public record ChosenOptionView(UUID optionId, String group, String name, long priceDelta) {}

  public record LineView(
      UUID menuItemId,
      String name,
      long basePrice,
      List<ChosenOptionView> options,
      RuleRef priceRule,
      long unitPrice,
      int quantity,
      long lineTotal) {
    static LineView of(OrderLine l) {
      return new LineView(
          l.menuItemId(),
          l.name(),
          l.basePrice().amount(),
          l.options().stream()
              .map(o -> new ChosenOptionView(o.optionId(), o.group(), o.name(), o.priceDelta()))
              .toList(),
          l.priceRuleId() == null ? null : new RuleRef(l.priceRuleId(), l.priceRuleName()),
          l.unitPrice().amount(),
          l.quantity(),
          l.lineTotal().amount());
    }
  }

  /**
   * The customer. Restaurants (and every other handler) get {@code phone} null and only {@code
   * phone_masked} ({@code 010-****-5678}); the full number is an explicit, recorded reveal ({@code
   * POST /restaurants/me/orders/{id}/customer/phone}). The customer themselves gets both. {@code
   * sms_consent}: whether the customer agreed to texts about the order at that phone.
   */
  public record CustomerView(String name, String phone, String phoneMasked, Boolean smsConsent) {
    static final CustomerView NONE = new CustomerView(null, null, null, null);

    static CustomerView of(dev.ordersync.core.order.Customer c, boolean masked) {
      String phone = c.phone() == null ? null : c.phone().formatted();
      String phoneMasked = c.phone() == null ? null : c.phone().masked();
      return new CustomerView(c.name(), masked ? null : phone, phoneMasked, c.smsConsent());
    }
  }

  public record OrderView(
      UUID id,
      String number,
      UUID restaurantId,
      String status,
      long version,
      String fulfillment,
      String table,
      String note,
      CustomerView customer,
      List<LineView> items,
      long subtotal,
      long discount,
      long total,
      Integer prepMinutes,
      Instant readyBy,
      String reason,
      Instant createdAt,
      Instant updatedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String orderToken) {
    public static OrderView of(Order o) {
      return of(o, null);
    }

    /**
     * The order as a handler sees it (its restaurant's board, feed and moves, an admin): the
     * customer's phone masked.
     */
    public static OrderView forHandler(Order o) {
      return of(o, null, true);
    }

    /** {@link #of(Order)} or {@link #forHandler(Order)}. */
    public static OrderView of(Order o, boolean masked) {
      return of(o, null, masked);
    }

    /** The order as its creator first sees it, with the anonymous customer's order token. */
    public static OrderView of(Order o, String orderToken) {
      return of(o, orderToken, false);
    }

    private static OrderView of(Order o, String orderToken, boolean masked) {
      return new OrderView(
          o.id(),
          o.number().value(),
          o.restaurantId(),
          o.status().name(),
          o.version(),
          o.fulfillment().name(),
          o.table(),
          o.note(),
          CustomerView.of(o.customer(), masked),
          o.lines().stream().map(LineView::of).toList(),
          o.subtotal().amount(),
          o.discount().amount(),
          o.total().amount(),
          o.prepMinutes(),
          o.readyBy(),
          o.reason(),
          o.createdAt(),
          o.updatedAt(),
          orderToken);
    }
  }

  public record PageView<T>(List<T> data, String nextCursor) {}

  /** An order event as live subscribers and the outbox see it (API.md, WebSocket messages). */
  public record EventView(String type, UUID eventId, String event, OrderView order, Instant at) {
    /**
     * The event as stored in the outbox: the order without the customer's name, phone and note,
     * which are personal data and are stored only encrypted (live pushes to authorized viewers read
     * the order itself).
     */
    public static EventView of(Order order, OrderEvent event) {
      OrderView full = OrderView.of(order);
      OrderView redacted =
          new OrderView(
              full.id(),
              full.number(),
              full.restaurantId(),
              full.status(),
              full.version(),
              full.fulfillment(),
              full.table(),
              null,
              CustomerView.NONE,
              full.items(),
              full.subtotal(),
              full.discount(),
              full.total(),
              full.prepMinutes(),
              full.readyBy(),
              full.reason(),
              full.createdAt(),
              full.updatedAt(),
              null);
      return new EventView(
          type(event), event.eventId(), event.getClass().getSimpleName(), redacted, event.at());
    }

    /** The public message type of a domain event. */
    public static String type(OrderEvent event) {
      return switch (event) {
        case OrderEvent.OrderCreated e -> "order.created";
        case OrderEvent.OrderPaid e -> "order.paid";
        case OrderEvent.OrderRefunded e -> "order.refunded";
        case OrderEvent.CustomerErased e -> "order.customer_erased";
        default -> "order.status_changed";
      };
    }
  }
}
