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
import dev.ordersync.core.shared.IdempotencyKey;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A customer places an order. The order is priced here from the menu as it is now (whatever totals
 * a client may have computed are never read), stock is taken, the order gets its number for the
 * day, and the order and its event are written in one unit of work, for the order's restaurant
 * (which a server may share with other orders of that restaurant: group commit). With an
 * idempotency key, the key's claim and record are part of that unit of work: a retry is answered
 * what the first request was, and never places a second order.
 */
public final class PlaceOrder {
  public static final int MAX_LINES = 50;

  private final Restaurants restaurants;
  private final Menus menus;
  private final Orders orders;
  private final OrderNumbers numbers;
  private final OrderEvents events;
  private final IdempotencyStore idempotency;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public PlaceOrder(
      Restaurants restaurants,
      Menus menus,
      Orders orders,
      OrderNumbers numbers,
      OrderEvents events,
      IdempotencyStore idempotency,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.restaurants = restaurants;
    this.menus = menus;
    this.orders = orders;
    this.numbers = numbers;
    this.events = events;
    this.idempotency = idempotency;
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
   * What the customer asks for, checked when it is made: every invalid field is named at once, with
   * its path in the request ({@code items[1].quantity}). {@code customerName}, {@code
   * customerPhone}, {@code note}, {@code table} and {@code idempotencyKey} may be null; blank text
   * counts as none. {@code smsConsent}: the customer agreed to text messages about the order, which
   * needs a phone.
   */
  public record Command(
      UUID restaurantId,
      List<Line> lines,
      String customerName,
      PhoneNumber customerPhone,
      String note,
      Fulfillment fulfillment,
      String table,
      IdempotencyKey idempotencyKey,
      boolean smsConsent) {
    public Command {
      customerName = blankToNull(customerName);
      note = blankToNull(note);
      table = blankToNull(table);
      List<FieldError> errors = new ArrayList<>();
      if (restaurantId == null) {
        errors.add(new FieldError("restaurant_id", "is required"));
      }
      checkLines(lines, errors);
      if (fulfillment == null) {
        errors.add(new FieldError("fulfillment", "is required: DINE_IN or TAKEOUT"));
      }
      if (customerName != null && customerName.length() > 50) {
        errors.add(new FieldError("customer.name", "must have at most 50 characters"));
      }
      if (smsConsent && customerPhone == null) {
        errors.add(
            new FieldError(
                "customer.sms_consent", "needs customer.phone: the texts go to that number"));
      } else if (smsConsent && !customerPhone.digits().startsWith("01")) {
        errors.add(
            new FieldError(
                "customer.sms_consent",
                "needs a mobile number (010-...) in customer.phone: texts cannot go to a landline"));
      }
      if (note != null && note.length() > 500) {
        errors.add(new FieldError("note", "must have at most 500 characters"));
      }
      if (table != null && !Restaurant.isTableLabel(table)) {
        errors.add(new FieldError("table", "must be " + Restaurant.TABLE_LABEL_RULE));
      }
      if (table != null && fulfillment == Fulfillment.TAKEOUT) {
        errors.add(new FieldError("table", "a takeout order has no table"));
      }
      if (!errors.isEmpty()) {
        throw new DomainException.Invalid(errors);
      }
      lines = List.copyOf(lines);
    }

    /** A command without consent to text messages. */
    public Command(
        UUID restaurantId,
        List<Line> lines,
        String customerName,
        PhoneNumber customerPhone,
        String note,
        Fulfillment fulfillment,
        String table,
        IdempotencyKey idempotencyKey) {
      this(
          restaurantId,
          lines,
          customerName,
          customerPhone,
          note,
          fulfillment,
          table,
          idempotencyKey,
          false);
    }

    private static void checkLines(List<Line> lines, List<FieldError> errors) {
      if (lines == null || lines.isEmpty()) {
        errors.add(new FieldError("items", "must have at least one item"));
        return;
      }
      if (lines.size() > MAX_LINES) {
        errors.add(new FieldError("items", "must have at most " + MAX_LINES + " lines"));
        return;
      }
      for (int i = 0; i < lines.size(); i++) {
        Line line = lines.get(i);
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

    private static String blankToNull(String s) {
      if (s == null) {
        return null;
      }
      String t = s.strip();
      return t.isEmpty() ? null : t;
    }
  }

  /** What placing an order answered: a new order, or the first answer given to its key. */
  public sealed interface Outcome {
    /** The order whose token the answer carries (an anonymous customer's order), or null. */
    UUID orderTokenFor();

    /**
     * The order was placed now. {@code answer} is the answer its idempotency key recorded (see
     * {@link IdempotencyStore#record}), or null when it had no key.
     */
    record Placed(Order order, byte[] answer) implements Outcome {
      public Placed(Order order) {
        this(order, null);
      }

      public Placed {
        answer = answer == null ? null : answer.clone();
      }

      @Override
      public byte[] answer() {
        return answer == null ? null : answer.clone();
      }

      @Override
      public UUID orderTokenFor() {
        return order.customer().anonymous() ? order.id() : null;
      }
    }

    /**
     * The key was used before with the same request, which placed an order: the body that request
     * was answered, as the API wrote it then (without the order token).
     */
    record Replayed(byte[] body, UUID orderTokenFor) implements Outcome {
      public Replayed {
        body = body.clone();
      }

      @Override
      public byte[] body() {
        return body.clone();
      }
    }
  }

  /**
   * Places the order, or answers the first answer to its idempotency key.
   *
   * @throws DomainException.RuleViolated {@code idempotency_secret_required} when an anonymous
   *     caller sends a key without a secret
   */
  public Outcome handle(Caller caller, Command command) {
    UUID userId = caller instanceof Caller.SignedIn s ? s.userId() : null;
    Customer customer =
        new Customer(userId, command.customerName(), command.customerPhone(), command.smsConsent());
    Command proven = withProvenKey(caller, command);
    return unitOfWork.runFor(command.restaurantId(), () -> placeOnce(caller, proven, customer));
  }

  /**
   * The command with a key that only its own client can replay. Anonymous keys share one scope and
   * a key is no secret (a stranger may know it, or guess a cart id), while a replay answers the
   * order with its token, name and phone: so an anonymous key must come with a secret, and only
   * that secret replays it (decision 25). An account is its own proof: its keys are used as ever,
   * any secret ignored.
   */
  private static Command withProvenKey(Caller caller, Command command) {
    IdempotencyKey key = command.idempotencyKey();
    if (key == null) {
      return command;
    }
    if (caller instanceof Caller.SignedIn) {
      if (!key.hasSecret()) {
        return command;
      }
      return new Command(
          command.restaurantId(),
          command.lines(),
          command.customerName(),
          command.customerPhone(),
          command.note(),
          command.fulfillment(),
          command.table(),
          key.withoutSecret(),
          command.smsConsent());
    }
    if (!key.hasSecret()) {
      throw new DomainException.RuleViolated(
          "idempotency_secret_required",
          "an order without an account needs an Idempotency-Secret with its Idempotency-Key:"
              + " a random secret of the client's, sent again with every retry");
    }
    return command;
  }

  /**
   * Keys are scoped to the caller: an account's keys are its own; every anonymous caller shares one
   * scope, where a key's secret tells its client from a stranger.
   */
  private static String idempotencyScope(Caller caller) {
    return caller instanceof Caller.SignedIn s ? "user:" + s.userId() : "anonymous";
  }

  private Outcome placeOnce(Caller caller, Command command, Customer customer) {
    IdempotencyKey key = command.idempotencyKey();
    if (key == null) {
      return new Outcome.Placed(place(command, customer));
    }
    String scope = idempotencyScope(caller);
    Optional<Outcome.Replayed> earlier = idempotency.claim(scope, key);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    Outcome.Placed placed = new Outcome.Placed(place(command, customer));
    return new Outcome.Placed(placed.order(), idempotency.record(scope, key, placed));
  }

  private Order place(Command command, Customer customer) {
    Instant now = clock.instant();
    Restaurant restaurant = openRestaurant(command.restaurantId(), now);
    // A restaurant that has listed its tables (its QR codes) takes dine-in orders for those only.
    if (command.table() != null
        && !restaurant.tables().isEmpty()
        && !restaurant.hasTable(command.table())) {
      throw new DomainException.Invalid("table", "is not one of the restaurant's tables");
    }
    List<Line> lines = command.lines();
    Menus.ForOrder menu =
        menus.forOrder(restaurant.id(), lines.stream().map(Line::menuItemId).toList());
    List<OrderLine> priced = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      priced.add(price(i, lines.get(i), menu, restaurant, now));
    }
    reserveStock(lines, menu.items());
    LocalDate day = now.atZone(restaurant.timeZone()).toLocalDate();
    OrderNumber number =
        OrderNumber.ofDailySequence(numbers.next(restaurant.id(), day), restaurant.orderPrefix());
    Order.Change created =
        Order.create(
            Ids.newId(clock),
            restaurant.id(),
            number,
            restaurant.paymentMode() == PaymentMode.ONLINE,
            command.fulfillment(),
            command.table(),
            command.note(),
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

  /** The restaurant, if it takes orders at this moment. */
  private Restaurant openRestaurant(UUID restaurantId, Instant now) {
    Restaurant restaurant =
        restaurants
            .byId(restaurantId)
            .orElseThrow(() -> new DomainException.NotFound("restaurant"));
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
    return restaurant;
  }

  /** Line {@code i} priced from the menu as it is now, with its options. */
  private static OrderLine price(
      int i, Line line, Menus.ForOrder menu, Restaurant restaurant, Instant now) {
    MenuItem item = menu.items().get(line.menuItemId());
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
    List<OptionGroup> groups = menu.optionGroups().getOrDefault(item.id(), List.of());
    List<OrderLine.ChosenOption> chosen =
        OptionChoice.check(item, groups, line.options(), "items[" + i + "].options");
    List<PriceRule> rules = menu.priceRules();
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
    return new OrderLine(
        item.id(),
        item.name(),
        price.base(),
        chosen,
        price.rule() == null ? null : price.rule().id(),
        price.rule() == null ? null : price.rule().name(),
        unitPrice,
        line.quantity(),
        unitPrice.times(line.quantity()));
  }

  /**
   * Takes the ordered quantities from stock. Only counted items are reserved (an uncounted item
   * needs no write), in id order, so two orders taking the same items lock their stock rows in the
   * same order and cannot deadlock.
   */
  private void reserveStock(List<Line> lines, Map<UUID, MenuItem> items) {
    Map<UUID, Integer> taken = new TreeMap<>();
    Map<UUID, Integer> firstLineOf = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      taken.merge(lines.get(i).menuItemId(), lines.get(i).quantity(), Integer::sum);
      firstLineOf.putIfAbsent(lines.get(i).menuItemId(), i);
    }
    for (var entry : taken.entrySet()) {
      MenuItem item = items.get(entry.getKey());
      if (item.stock() != null
          && !menus.reserveStock(item.restaurantId(), entry.getKey(), entry.getValue())) {
        throw new DomainException.Conflict(
            "out_of_stock",
            item.name() + " is sold out or has fewer left than ordered",
            new FieldError(
                "items[" + firstLineOf.get(entry.getKey()) + "].quantity", "not enough left"));
      }
    }
  }
}
