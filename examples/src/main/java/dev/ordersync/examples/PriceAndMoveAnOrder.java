package dev.ordersync.examples;

import dev.ordersync.core.memory.InMemoryIdempotencyStore;
import dev.ordersync.core.memory.InMemoryStore;
import dev.ordersync.core.menu.CreateMenuItem;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.order.AcceptOrder;
import dev.ordersync.core.order.AdvanceOrder;
import dev.ordersync.core.order.AdvanceOrder.Step;
import dev.ordersync.core.order.Fulfillment;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderAccess;
import dev.ordersync.core.order.OrderChanges;
import dev.ordersync.core.order.OrderEvent;
import dev.ordersync.core.order.OrderLine;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.restaurant.CreateRestaurant;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.BusinessNumber;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.CommonPasswords;
import dev.ordersync.core.user.LogIn;
import dev.ordersync.core.user.PasswordHasher;
import dev.ordersync.core.user.PasswordPolicy;
import dev.ordersync.core.user.RegisterUser;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.User;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * ordersync-core on its own: no server, no database, just the use cases wired to the in-memory
 * store. An owner opens a restaurant and a menu, a customer orders without an account, the core
 * prices the order from the menu, and the kitchen moves it from PLACED to COMPLETED; one step out
 * of turn is refused.
 *
 * <p>Run it with {@code mvn -q -f examples compile exec:java@core-only}.
 */
public final class PriceAndMoveAnOrder {
  private static final String EMAIL = "owner@seoul-kitchen.example";
  private static final String PASSWORD = "correct horse battery staple";

  private PriceAndMoveAnOrder() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the whole story, writing what happens to {@code out}; returns the completed order. */
  public static Order run(PrintStream out) {
    InMemoryStore store = new InMemoryStore();
    UseCases uses = wire(store, Clock.systemUTC());
    Restaurant restaurant = openRestaurant(uses, out);
    Caller.SignedIn ownerAtWork = logInAtWork(uses);
    Menu menu = writeMenu(uses, ownerAtWork, out);
    Order order = orderWithoutAnAccount(uses, restaurant, menu, out);
    order = moveThroughTheKitchen(uses, ownerAtWork, order, out);
    printEvents(store, order, out);
    return order;
  }

  private record UseCases(
      RegisterUser register,
      LogIn logIn,
      CreateRestaurant createRestaurant,
      CreateMenuItem createItem,
      PlaceOrder placeOrder,
      AcceptOrder accept,
      AdvanceOrder advance) {}

  private record Menu(MenuItem stew, MenuItem rice, MenuItem cider) {}

  /**
   * The wiring: every use case gets the ports it needs. The server does the same with PostgreSQL
   * adapters.
   */
  private static UseCases wire(InMemoryStore store, Clock clock) {
    StaffAccess staff = new StaffAccess(store.users(), store.restaurants());
    PasswordHasher hasher = new Pbkdf2PasswordHasher();
    PasswordPolicy policy = new PasswordPolicy(CommonPasswords.none());
    RegisterUser register =
        new RegisterUser(store.users(), hasher, policy, store.unitOfWork(), clock);
    LogIn logIn = new LogIn(store.users(), hasher, store.sessions(), store.unitOfWork(), clock);
    CreateRestaurant createRestaurant =
        new CreateRestaurant(store.restaurants(), store.users(), store.unitOfWork(), clock);
    CreateMenuItem createItem = new CreateMenuItem(store.menus(), staff, store.unitOfWork(), clock);
    PlaceOrder placeOrder =
        new PlaceOrder(
            store.restaurants(),
            store.menus(),
            store.orders(),
            store.orderNumbers(),
            store.orderEvents(),
            // A retry with the same idempotency key gets this answer again (a server keeps its
            // JSON).
            new InMemoryIdempotencyStore(o -> o.number().value().getBytes(StandardCharsets.UTF_8)),
            store.unitOfWork(),
            clock);
    OrderAccess orderAccess = new OrderAccess(store.orders(), staff);
    OrderChanges orderChanges =
        new OrderChanges(
            store.orders(), store.menus(), store.orderEvents(), store.unitOfWork(), clock);
    AcceptOrder accept = new AcceptOrder(store.restaurants(), orderAccess, orderChanges);
    AdvanceOrder advance = new AdvanceOrder(orderAccess, orderChanges);
    return new UseCases(register, logIn, createRestaurant, createItem, placeOrder, accept, advance);
  }

  private static Restaurant openRestaurant(UseCases uses, PrintStream out) {
    // An owner registers and opens a restaurant.
    User owner =
        uses.register()
            .handle(
                new RegisterUser.Command(
                    new EmailAddress(EMAIL),
                    PASSWORD,
                    "Park Ji-ho",
                    PhoneNumber.parse("010-1234-5678"),
                    Role.OWNER))
            // A taken email would be answered with a look-alike (RegisterUser); this store is new.
            .shown();
    Restaurant restaurant =
        uses.createRestaurant()
            .handle(
                new Caller.SignedIn(owner.id(), owner.role(), null),
                new CreateRestaurant.Command(
                    "Seoul Kitchen",
                    BusinessNumber.parse("220-81-62517"),
                    PhoneNumber.parse("02-123-4567"),
                    "Mapo-gu, Seoul",
                    null));
    out.println(
        "Opened " + restaurant.name() + " (business number " + restaurant.businessNumber() + ")");
    return restaurant;
  }

  private static Caller.SignedIn logInAtWork(UseCases uses) {
    // Logging in: as the member of exactly one restaurant, the owner's session acts for it.
    var session =
        (LogIn.Outcome.SignedIn) uses.logIn().handle(new LogIn.Command(EMAIL, PASSWORD, null));
    return new Caller.SignedIn(
        session.user().id(), session.user().role(), session.session().restaurantId());
  }

  private static Menu writeMenu(UseCases uses, Caller.SignedIn ownerAtWork, PrintStream out) {
    MenuItem stew =
        uses.createItem()
            .handle(
                ownerAtWork,
                new CreateMenuItem.Command(
                    "Kimchi jjigae", Won.of(9_000), null, "pork and aged kimchi", true, null));
    MenuItem rice =
        uses.createItem()
            .handle(
                ownerAtWork,
                new CreateMenuItem.Command("Rice", Won.of(1_000), null, null, true, 50));
    MenuItem cider =
        uses.createItem()
            .handle(
                ownerAtWork,
                new CreateMenuItem.Command("Cider", Won.of(2_000), null, null, true, null));
    out.println(
        "Menu: "
            + stew.name()
            + " "
            + won(stew.price())
            + ", "
            + rice.name()
            + " "
            + won(rice.price())
            + ", "
            + cider.name()
            + " "
            + won(cider.price()));
    return new Menu(stew, rice, cider);
  }

  private static Order orderWithoutAnAccount(
      UseCases uses, Restaurant restaurant, Menu menu, PrintStream out) {
    // A customer orders from their phone, without an account. The order carries no prices: the core
    // prices it.
    var placed =
        (PlaceOrder.Outcome.Placed)
            uses.placeOrder()
                .handle(
                    Caller.anonymous(),
                    new PlaceOrder.Command(
                        restaurant.id(),
                        List.of(
                            new PlaceOrder.Line(menu.stew().id(), 2, List.of()),
                            new PlaceOrder.Line(menu.rice().id(), 2, List.of()),
                            new PlaceOrder.Line(menu.cider().id(), 1, List.of())),
                        "Kim",
                        null,
                        "less spicy, please",
                        Fulfillment.DINE_IN,
                        "4",
                        null));
    Order order = placed.order();
    out.println();
    out.println("Order " + order.number() + " for table " + order.table() + ":");
    for (OrderLine line : order.lines()) {
      out.printf(
          Locale.ROOT,
          "  %-14s %10s x %d = %10s%n",
          line.name(),
          won(line.unitPrice()),
          line.quantity(),
          won(line.lineTotal()));
    }
    out.printf(Locale.ROOT, "  %-14s %29s%n", "Total", won(order.total()));
    out.println();
    out.println("Status: " + order.status());
    return order;
  }

  private static Order moveThroughTheKitchen(
      UseCases uses, Caller.SignedIn ownerAtWork, Order placed, PrintStream out) {
    Order order = placed;
    // The kitchen moves it along. Each step checks the version the caller last saw.
    order =
        uses.accept().handle(ownerAtWork, new AcceptOrder.Command(order.id(), 12, order.version()));
    out.println("Status: " + order.status() + ", ready in " + order.prepMinutes() + " minutes");
    order =
        uses.advance()
            .handle(ownerAtWork, new AdvanceOrder.Command(order.id(), Step.START, order.version()));
    out.println("Status: " + order.status());

    // Handing it over before it is ready is not a step the order can take.
    try {
      uses.advance()
          .handle(
              ownerAtWork, new AdvanceOrder.Command(order.id(), Step.COMPLETE, order.version()));
      throw new IllegalStateException("a PREPARING order was completed");
    } catch (DomainException.Conflict refused) {
      out.println(
          "Refused: complete while "
              + order.status()
              + " -> "
              + refused.code()
              + " ("
              + refused.getMessage()
              + ")");
    }

    order =
        uses.advance()
            .handle(
                ownerAtWork,
                new AdvanceOrder.Command(order.id(), Step.MARK_READY, order.version()));
    out.println("Status: " + order.status());
    order =
        uses.advance()
            .handle(
                ownerAtWork, new AdvanceOrder.Command(order.id(), Step.COMPLETE, order.version()));
    out.println("Status: " + order.status());
    return order;
  }

  private static void printEvents(InMemoryStore store, Order order, PrintStream out) {
    // Every change left exactly one event: what the audit trail, the outbox and live updates are
    // fed from.
    out.println();
    out.println("Events of order " + order.number() + ":");
    for (OrderEvent event : store.events()) {
      if (event.orderId().equals(order.id())) {
        out.println(
            "  v"
                + event.version()
                + " "
                + event.getClass().getSimpleName()
                + " -> "
                + event.status());
      }
    }
  }

  private static String won(Won amount) {
    return String.format(Locale.ROOT, "%,d won", amount.amount());
  }
}
