package dev.ordersync.core.order;

import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.menu.OptionGroup;
import dev.ordersync.core.menu.PriceRule;
import dev.ordersync.core.menu.Pricing;
import dev.ordersync.core.restaurant.PaymentMode;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.Restaurants;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A customer places an order. The order is priced here from the menu as it is now (whatever totals
 * a client may have computed are never read), stock is taken, the order gets its number for the
 * day, and the order and its event are written in one unit of work.
 */
public final class PlaceOrder {
  public static final int MAX_LINES = 50;

  private final Restaurants restaurants;
  private final Menus menus;
  private final Orders orders;
  private final OrderNumbers numbers;
  private final OrderEvents events;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public PlaceOrder(
      Restaurants restaurants,
      Menus menus,
      Orders orders,
      OrderNumbers numbers,
      OrderEvents events,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.restaurants = restaurants;
    this.menus = menus;
    this.orders = orders;
    this.numbers = numbers;
    this.events = events;
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /** One requested line: an item, how many, and the ids of the options chosen for it. */
  public record Line(UUID menuItemId, int quantity, List<UUID> options) {
    public Line {
      options = options == null ? List.of() : List.copyOf(options);
    }
  }

  /**
   * What the customer asks for. {@code customerName}, {@code customerPhone}, {@code note} and
   * {@code table} may be null; {@code fulfillment} is DINE_IN or TAKEOUT.
   */
  public record Command(
      UUID restaurantId,
      List<Line> lines,
      String customerName,
      String customerPhone,
      String note,
      String fulfillment,
      String table) {}

  public Order handle(Caller caller, Command command) {
    Checked checked = check(command);
    UUID userId = caller instanceof Caller.SignedIn s ? s.userId() : null;
    Customer customer = new Customer(userId, checked.customerName, checked.phone);
    return unitOfWork.run(() -> place(command, checked, customer));
  }

  private Order place(Command command, Checked checked, Customer customer) {
    Restaurant restaurant =
        restaurants
            .byId(command.restaurantId())
            .orElseThrow(() -> new DomainException.NotFound("restaurant"));
    Instant now = clock.instant();
    if (restaurant.paused()) {
      throw new DomainException.RuleViolated(
          "restaurant_paused", "the restaurant is not taking orders right now");
    }
    if (!restaurant.openAt(now)) {
      var next = restaurant.nextOpening(now);
      throw new DomainException.RuleViolated(
          "restaurant_closed",
          next.map(t -> "the restaurant is closed; it opens at " + t)
              .orElse("the restaurant is closed"),
          List.of(),
          next.<Map<String, Object>>map(t -> Map.of("next_opening_at", t.toString()))
              .orElse(Map.of()));
    }
    List<Line> lines = command.lines();
    List<UUID> ids = lines.stream().map(Line::menuItemId).toList();
    Menus.ForOrder menu = menus.forOrder(restaurant.id(), ids);
    Map<UUID, MenuItem> items = menu.items();
    Map<UUID, List<OptionGroup>> groups = menu.optionGroups();
    List<PriceRule> rules = menu.priceRules();
    List<OrderLine> priced = new ArrayList<>(lines.size());
    Map<UUID, Integer> taken = new TreeMap<>();
    Map<UUID, Integer> firstLineOf = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      MenuItem item = items.get(line.menuItemId());
      if (item == null) {
        throw new DomainException.RuleViolated(
            "menu_item_not_found",
            "an ordered item is not on this restaurant's menu",
            new FieldError("items[" + i + "].menu_item_id", "is not on the menu"));
      }
      if (!item.available()) {
        throw new DomainException.RuleViolated(
            "item_unavailable",
            item.name() + " is not available right now",
            new FieldError("items[" + i + "].menu_item_id", "is not available"));
      }
      List<OrderLine.ChosenOption> chosen =
          OptionChoice.check(
              item,
              groups.getOrDefault(item.id(), List.of()),
              line.options(),
              "items[" + i + "].options");
      Pricing.Priced price = Pricing.price(item, rules, now, restaurant.timeZone());
      long unit =
          price.price().amount()
              + chosen.stream().mapToLong(OrderLine.ChosenOption::priceDelta).sum();
      if (unit < 0) {
        throw new DomainException.RuleViolated(
            "options_invalid",
            "the options take " + item.name() + " below zero",
            new FieldError("items[" + i + "].options", "the price would be negative"));
      }
      Won unitPrice = Won.of(unit);
      priced.add(
          new OrderLine(
              item.id(),
              item.name(),
              price.base(),
              chosen,
              price.rule() == null ? null : price.rule().id(),
              price.rule() == null ? null : price.rule().name(),
              unitPrice,
              line.quantity(),
              unitPrice.times(line.quantity())));
      taken.merge(item.id(), line.quantity(), Integer::sum);
      firstLineOf.putIfAbsent(item.id(), i);
    }
    // Only counted items are reserved (an uncounted item needs no write), in id order, so two
    // orders taking the same
    // items lock their stock rows in the same order and cannot deadlock.
    for (var entry : taken.entrySet()) {
      MenuItem item = items.get(entry.getKey());
      if (item.stock() != null && !menus.reserveStock(entry.getKey(), entry.getValue())) {
        throw new DomainException.Conflict(
            "out_of_stock",
            item.name() + " is sold out or has fewer left than ordered",
            new FieldError(
                "items[" + firstLineOf.get(entry.getKey()) + "].quantity", "not enough left"));
      }
    }
    LocalDate day = now.atZone(restaurant.timeZone()).toLocalDate();
    OrderNumber number =
        OrderNumber.ofDailySequence(numbers.next(restaurant.id(), day), restaurant.orderPrefix());
    Order.Change created =
        Order.create(
            Ids.newId(clock),
            restaurant.id(),
            number,
            restaurant.paymentMode() == PaymentMode.ONLINE,
            checked.fulfillment,
            checked.table,
            checked.note,
            customer,
            priced,
            Won.ZERO,
            now);
    orders.add(created.order(), day);
    events.append(created.order(), created.event());
    if (restaurant.autoAccept() && created.order().status() == OrderStatus.PLACED) {
      Order.Change accepted = created.order().accept(restaurant.prepMinutes(), now);
      orders.update(accepted.order());
      events.append(accepted.order(), accepted.event());
      return accepted.order();
    }
    return created.order();
  }

  private record Checked(
      Fulfillment fulfillment, String customerName, PhoneNumber phone, String note, String table) {}

  private static Checked check(Command c) {
    List<FieldError> errors = new ArrayList<>();
    if (c.restaurantId() == null) {
      errors.add(new FieldError("restaurant_id", "is required"));
    }
    if (c.lines() == null || c.lines().isEmpty()) {
      errors.add(new FieldError("items", "must have at least one item"));
    } else if (c.lines().size() > MAX_LINES) {
      errors.add(new FieldError("items", "must have at most " + MAX_LINES + " lines"));
    } else {
      for (int i = 0; i < c.lines().size(); i++) {
        Line line = c.lines().get(i);
        if (line == null || line.menuItemId() == null) {
          errors.add(new FieldError("items[" + i + "].menu_item_id", "is required"));
        }
        if (line != null && (line.quantity() < 1 || line.quantity() > OrderLine.MAX_QUANTITY)) {
          errors.add(
              new FieldError(
                  "items[" + i + "].quantity", "must be between 1 and " + OrderLine.MAX_QUANTITY));
        }
      }
    }
    Fulfillment fulfillment = null;
    if (c.fulfillment() == null) {
      errors.add(new FieldError("fulfillment", "is required: DINE_IN or TAKEOUT"));
    } else {
      try {
        fulfillment = Fulfillment.valueOf(c.fulfillment());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("fulfillment", "must be DINE_IN or TAKEOUT"));
      }
    }
    String name = blankToNull(c.customerName());
    if (name != null && name.length() > 50) {
      errors.add(new FieldError("customer.name", "must have at most 50 characters"));
    }
    PhoneNumber phone = null;
    if (blankToNull(c.customerPhone()) != null) {
      try {
        phone = PhoneNumber.parse(c.customerPhone());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("customer.phone", e.getMessage()));
      }
    }
    String note = blankToNull(c.note());
    if (note != null && note.length() > 500) {
      errors.add(new FieldError("note", "must have at most 500 characters"));
    }
    String table = blankToNull(c.table());
    if (table != null && table.length() > 20) {
      errors.add(new FieldError("table", "must have at most 20 characters"));
    }
    if (table != null && fulfillment == Fulfillment.TAKEOUT) {
      errors.add(new FieldError("table", "a takeout order has no table"));
    }
    if (!errors.isEmpty()) {
      throw new DomainException.Invalid(errors);
    }
    return new Checked(fulfillment, name, phone, note, table);
  }

  private static String blankToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }
}
