package dev.ordersync.server.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ordersync.core.menu.GetMenu;
import dev.ordersync.core.menu.MenuCategory;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.OptionGroup;
import dev.ordersync.core.menu.PriceRule;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderLine;
import dev.ordersync.core.privacy.ExportMyData;
import dev.ordersync.core.restaurant.ManageStaff;
import dev.ordersync.core.restaurant.OpeningHours;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.user.Membership;
import dev.ordersync.core.user.Sessions;
import dev.ordersync.core.user.User;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The resources as clients see them. Each {@code of} method is the only place a domain object
 * becomes JSON.
 */
public final class Views {
  private Views() {}

  public record UserView(
      UUID id, String email, String name, String phone, String role, Instant createdAt) {
    public static UserView of(User u) {
      return new UserView(
          u.id(),
          u.email().value(),
          u.name(),
          u.phone() == null ? null : u.phone().formatted(),
          u.role().name(),
          u.createdAt());
    }
  }

  public record MembershipView(UUID restaurantId, String role) {
    public static MembershipView of(Membership m) {
      return new MembershipView(m.restaurantId(), m.role().name());
    }
  }

  public record MeView(
      UUID id,
      String email,
      String name,
      String phone,
      String role,
      Instant createdAt,
      UUID restaurantId,
      boolean mfaEnabled,
      List<MembershipView> memberships) {
    public static MeView of(
        User u, UUID restaurantId, List<Membership> memberships, boolean mfaEnabled) {
      UserView v = UserView.of(u);
      return new MeView(
          v.id(),
          v.email(),
          v.name(),
          v.phone(),
          v.role(),
          v.createdAt(),
          restaurantId,
          mfaEnabled,
          memberships.stream().map(MembershipView::of).toList());
    }
  }

  public record TokenView(
      String accessToken,
      String refreshToken,
      String tokenType,
      long expiresIn,
      UUID restaurantId) {}

  public record SessionView(
      UUID id,
      UUID restaurantId,
      boolean secondFactor,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      String revokedReason) {
    static SessionView of(Sessions.Summary s) {
      return new SessionView(
          s.session().id(),
          s.session().restaurantId(),
          s.session().secondFactor(),
          s.session().createdAt(),
          s.session().expiresAt(),
          s.revokedAt(),
          s.revokedReason());
    }
  }

  /** Everything held about a user (GET /auth/me/export). */
  public record ExportView(
      UserView user,
      List<MembershipView> memberships,
      boolean mfaEnabled,
      int recoveryCodesLeft,
      List<SessionView> sessions,
      List<OrderView> orders,
      Instant exportedAt) {
    public static ExportView of(ExportMyData.Export e) {
      return new ExportView(
          UserView.of(e.user()),
          e.memberships().stream().map(MembershipView::of).toList(),
          e.secondFactorEnabled(),
          e.recoveryCodesLeft(),
          e.sessions().stream().map(SessionView::of).toList(),
          e.orders().stream().map(OrderView::of).toList(),
          Instant.now());
    }
  }

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

  public record CategoryView(UUID id, String name, int position) {
    public static CategoryView of(MenuCategory c) {
      return new CategoryView(c.id(), c.name(), c.position());
    }
  }

  public record OptionView(UUID id, String name, long priceDelta, boolean available) {}

  public record OptionGroupView(
      UUID id, UUID itemId, String name, int min, int max, List<OptionView> options) {
    public static OptionGroupView of(OptionGroup g) {
      return new OptionGroupView(
          g.id(),
          g.itemId(),
          g.name(),
          g.minChoices(),
          g.maxChoices(),
          g.options().stream()
              .map(o -> new OptionView(o.id(), o.name(), o.priceDelta(), o.available()))
              .toList());
    }
  }

  public record RuleRef(UUID id, String name) {}

  /**
   * A menu item; {@code price} is what it costs now (after price rules), {@code base_price} its own
   * price.
   */
  public record ItemView(
      UUID id,
      UUID categoryId,
      String name,
      String description,
      String imageUrl,
      long price,
      long basePrice,
      RuleRef priceRule,
      boolean available,
      Integer stock,
      boolean soldOut,
      List<OptionGroupView> optionGroups,
      long version,
      Instant updatedAt) {
    public static ItemView of(MenuItem i) {
      return new ItemView(
          i.id(),
          i.categoryId(),
          i.name(),
          i.description(),
          i.imageUrl(),
          i.price().amount(),
          i.price().amount(),
          null,
          i.available(),
          i.stock(),
          i.stock() != null && i.stock() == 0,
          List.of(),
          i.version(),
          i.updatedAt());
    }

    static ItemView of(GetMenu.Entry e) {
      MenuItem i = e.item();
      return new ItemView(
          i.id(),
          i.categoryId(),
          i.name(),
          i.description(),
          i.imageUrl(),
          e.price().price().amount(),
          e.price().base().amount(),
          e.price().rule() == null
              ? null
              : new RuleRef(e.price().rule().id(), e.price().rule().name()),
          i.available(),
          i.stock(),
          i.stock() != null && i.stock() == 0,
          e.optionGroups().stream().map(OptionGroupView::of).toList(),
          i.version(),
          i.updatedAt());
    }
  }

  public record PriceRuleView(
      UUID id,
      String name,
      String kind,
      long value,
      List<String> days,
      String from,
      String to,
      int priority,
      List<UUID> itemIds,
      List<UUID> categoryIds) {
    public static PriceRuleView of(PriceRule r) {
      return new PriceRuleView(
          r.id(),
          r.name(),
          r.kind().name(),
          r.value(),
          r.days().stream().sorted().map(Enum::name).toList(),
          r.from().toString(),
          r.to().toString(),
          r.priority(),
          r.itemIds().stream().sorted().toList(),
          r.categoryIds().stream().sorted().toList());
    }
  }

  public record MenuView(UUID restaurantId, List<CategoryView> categories, List<ItemView> items) {
    public static MenuView of(GetMenu.Menu m) {
      return new MenuView(
          m.restaurantId(),
          m.categories().stream().map(CategoryView::of).toList(),
          m.items().stream().map(ItemView::of).toList());
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

  public record CustomerView(String name, String phone) {}

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

    /** The order as its creator first sees it, with the anonymous customer's order token. */
    public static OrderView of(Order o, String orderToken) {
      return new OrderView(
          o.id(),
          o.number().value(),
          o.restaurantId(),
          o.status().name(),
          o.version(),
          o.fulfillment().name(),
          o.table(),
          o.note(),
          new CustomerView(
              o.customer().name(),
              o.customer().phone() == null ? null : o.customer().phone().formatted()),
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
              new CustomerView(null, null),
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
        default -> "order.status_changed";
      };
    }
  }

  /**
   * A payment as its customer and its restaurant see it: no card data, because OrderSync never has
   * any.
   */
  public record PaymentView(
      UUID id,
      UUID orderId,
      String paymentKey,
      String status,
      String method,
      long amount,
      long balance,
      Instant approvedAt) {
    public static PaymentView of(dev.ordersync.core.payment.Payment p) {
      return new PaymentView(
          p.id(),
          p.orderId(),
          p.paymentKey(),
          p.status().name(),
          p.method(),
          p.amount().amount(),
          p.balance().amount(),
          p.approvedAt());
    }
  }

  /** The answer to a confirm: the payment and the order as they now stand. */
  public record PaymentResultView(String status, PaymentView payment, OrderView order) {
    public static PaymentResultView of(dev.ordersync.core.payment.ConfirmPayment.Result r) {
      return new PaymentResultView(
          r.pending() ? "CONFIRMING" : r.payment().status().name(),
          PaymentView.of(r.payment()),
          OrderView.of(r.order()));
    }
  }

  public record RefundView(UUID id, UUID orderId, long amount, String reason, Instant refundedAt) {
    public static RefundView of(dev.ordersync.core.payment.Refund r) {
      return new RefundView(r.id(), r.orderId(), r.amount().amount(), r.reason(), r.refundedAt());
    }
  }

  /** The answer to a refund: the refund and the payment after it. */
  public record RefundResultView(RefundView refund, PaymentView payment) {
    public static RefundResultView of(dev.ordersync.core.payment.RefundPayment.Result r) {
      return new RefundResultView(RefundView.of(r.refund()), PaymentView.of(r.payment()));
    }
  }

  public record MethodTotalsView(
      String method, int payments, long gross, int refunds, long refunded) {}

  public record SettlementView(
      String date,
      String timeZone,
      Instant from,
      Instant to,
      long gross,
      long refunds,
      String feeRate,
      long fee,
      long net,
      int paymentCount,
      int refundCount,
      List<MethodTotalsView> methods) {
    public static SettlementView of(dev.ordersync.core.payment.GetSettlement.Settlement s) {
      return new SettlementView(
          s.date().toString(),
          s.timeZone().getId(),
          s.from(),
          s.to(),
          s.gross(),
          s.refunds(),
          s.feeRate().toPlainString(),
          s.fee(),
          s.net(),
          s.paymentCount(),
          s.refundCount(),
          s.methods().stream()
              .map(
                  m ->
                      new MethodTotalsView(
                          m.method(), m.payments(), m.gross(), m.refunds(), m.refunded()))
              .toList());
    }
  }
}
