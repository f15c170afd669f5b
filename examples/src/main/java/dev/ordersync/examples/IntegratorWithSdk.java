package dev.ordersync.examples;

import dev.ordersync.sdk.ConnectionException;
import dev.ordersync.sdk.CreateMenuItemRequest;
import dev.ordersync.sdk.CreateRestaurantRequest;
import dev.ordersync.sdk.Fulfillment;
import dev.ordersync.sdk.ListOrdersParams;
import dev.ordersync.sdk.MenuItem;
import dev.ordersync.sdk.Order;
import dev.ordersync.sdk.OrderLine;
import dev.ordersync.sdk.OrderStatus;
import dev.ordersync.sdk.OrderSyncClient;
import dev.ordersync.sdk.OrderSyncException;
import dev.ordersync.sdk.Page;
import dev.ordersync.sdk.PlaceOrderRequest;
import dev.ordersync.sdk.RegisterRequest;
import dev.ordersync.sdk.RequestOptions;
import dev.ordersync.sdk.Restaurant;
import dev.ordersync.sdk.Tokens;
import dev.ordersync.sdk.User;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;

/**
 * An integrator's program against a running OrderSync server, through the Java SDK only: an owner
 * signs up and opens a restaurant with one dish, a customer orders it anonymously and checks on it
 * with the order's token, and the restaurant takes the order from PLACED to COMPLETED, each step
 * guarded by the version it last saw.
 *
 * <p>Run it with {@code mvn -q -f examples compile exec:java@sdk} while a server listens on {@code
 * http://localhost:8080}; another address goes in {@code ORDERSYNC_URL} or {@code
 * -Dexec.args=http://host:port}.
 */
public final class IntegratorWithSdk {
  private static final String PASSWORD = "correct horse battery staple";

  private IntegratorWithSdk() {}

  public static void main(String[] args) {
    String url =
        args.length > 0
            ? args[0]
            : System.getenv().getOrDefault("ORDERSYNC_URL", "http://localhost:8080");
    try {
      run(URI.create(url), System.out);
    } catch (ConnectionException e) {
      System.err.println(
          "Could not reach OrderSync at "
              + url
              + ". Is the server running? ("
              + e.getMessage()
              + ")");
      System.exit(1);
    } catch (OrderSyncException e) {
      System.err.println("OrderSync said no: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Runs the whole story against the server at {@code baseUrl}, writing each step to {@code out};
   * returns the order.
   */
  public static Order run(URI baseUrl, PrintStream out) {
    // One client, shared; withAccessToken gives a view of it for each user.
    OrderSyncClient anonymous = OrderSyncClient.builder().baseUri(baseUrl).build();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String email = "owner-" + suffix + "@example.com";

    OpenedRestaurant opened = openRestaurant(anonymous, email, suffix, out);
    OrderSyncClient owner = opened.owner();
    MenuItem bibimbap = addToTheMenu(owner, out);
    Order order = placeWithoutAnAccount(anonymous, opened.restaurant(), bibimbap, out);
    checkAsTheCustomer(anonymous, order, out);
    showTheBoard(owner, out);
    return moveThroughTheKitchen(owner, order, out);
  }

  /** The owner's client, acting for the restaurant it opened. */
  private record OpenedRestaurant(OrderSyncClient owner, Restaurant restaurant) {}

  private static OpenedRestaurant openRestaurant(
      OrderSyncClient anonymous, String email, String suffix, PrintStream out) {
    User user = anonymous.auth().register(RegisterRequest.owner(email, PASSWORD, "Park Ji-ho"));
    out.println("1. Registered " + user.email() + " as " + user.role());

    Tokens tokens = anonymous.auth().login(email, PASSWORD).authenticated().orElseThrow();
    OrderSyncClient owner = anonymous.withAccessToken(tokens.accessToken());
    out.println("2. Logged in (token acts for no restaurant yet: " + tokens.restaurantId() + ")");

    Restaurant restaurant =
        owner
            .restaurants()
            .create(new CreateRestaurantRequest("Seoul Kitchen " + suffix, aBusinessNumber()));
    out.println(
        "3. Opened "
            + restaurant.name()
            + " ("
            + restaurant.id()
            + "), payment "
            + restaurant.paymentMode());

    // The token in hand acts for no restaurant; logging in again names the new one.
    tokens = anonymous.auth().login(email, PASSWORD, restaurant.id()).authenticated().orElseThrow();
    owner = anonymous.withAccessToken(tokens.accessToken());
    out.println("4. Logged in again for restaurant " + tokens.restaurantId());
    return new OpenedRestaurant(owner, restaurant);
  }

  private static MenuItem addToTheMenu(OrderSyncClient owner, PrintStream out) {
    MenuItem bibimbap =
        owner
            .restaurants()
            .createMenuItem(
                new CreateMenuItemRequest("Bibimbap", 9_000).withDescription("with a fried egg"));
    out.println("5. Added " + bibimbap.name() + " at " + won(bibimbap.price()));
    return bibimbap;
  }

  private static Order placeWithoutAnAccount(
      OrderSyncClient anonymous, Restaurant restaurant, MenuItem bibimbap, PrintStream out) {
    // The customer has no account. The SDK sends an Idempotency-Key, so its retries can never order
    // twice.
    Order order =
        anonymous
            .orders()
            .place(
                PlaceOrderRequest.builder(restaurant.id(), Fulfillment.TAKEOUT)
                    .item(bibimbap.id(), 2)
                    .customer("Kim", null)
                    .note("extra gochujang")
                    .build());
    out.println("6. Placed order " + order.number() + ": " + order.status());
    for (OrderLine line : order.items()) {
      out.println(
          "     "
              + line.quantity()
              + " x "
              + line.name()
              + " at "
              + won(line.unitPrice())
              + " = "
              + won(line.lineTotal()));
    }
    out.println("     total " + won(order.total()));
    return order;
  }

  private static void checkAsTheCustomer(OrderSyncClient anonymous, Order order, PrintStream out) {
    String orderToken = order.orderToken();
    if (orderToken == null) {
      throw new IllegalStateException("the server gave no order_token for an anonymous order");
    }

    // The order token is the anonymous customer's credential for this one order.
    Order seen = anonymous.orders().get(order.id(), RequestOptions.accessToken(orderToken));
    out.println(
        "7. The customer checks with the order token: " + seen.number() + " is " + seen.status());
  }

  private static void showTheBoard(OrderSyncClient owner, PrintStream out) {
    Page<Order> board =
        owner
            .restaurantOrders()
            .list(ListOrdersParams.builder().statuses(OrderStatus.PLACED).build());
    out.println(
        "8. The restaurant's board shows "
            + board.data().size()
            + " placed order(s): "
            + board.data().stream().map(Order::number).toList());
  }

  private static Order moveThroughTheKitchen(OrderSyncClient owner, Order placed, PrintStream out) {
    Order order = placed;
    // Each step names the version it saw (If-Match): if a colleague moved the order meanwhile, it
    // fails instead.
    order =
        owner
            .restaurantOrders()
            .accept(order.id(), 10, RequestOptions.ifMatchVersion(order.version()));
    out.println("9. " + order.status() + ", ready by " + order.readyBy());
    order =
        owner.restaurantOrders().start(order.id(), RequestOptions.ifMatchVersion(order.version()));
    out.println("10. " + order.status());
    order =
        owner.restaurantOrders().ready(order.id(), RequestOptions.ifMatchVersion(order.version()));
    out.println("11. " + order.status());
    order =
        owner
            .restaurantOrders()
            .complete(order.id(), RequestOptions.ifMatchVersion(order.version()));
    out.println("12. " + order.status() + " (version " + order.version() + ")");
    return order;
  }

  /**
   * A fresh, valid business registration number each run (nine random digits and their check
   * digit), since a server may refuse a second restaurant with the same one.
   */
  static String aBusinessNumber() {
    int[] weights = {1, 3, 7, 1, 3, 7, 1, 3, 5};
    SecureRandom random = new SecureRandom();
    int[] d = new int[10];
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      d[i] = random.nextInt(10);
      sum += d[i] * weights[i];
    }
    sum += d[8] * 5 / 10;
    d[9] = (10 - sum % 10) % 10;
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      s.append(d[i]);
      if (i == 2 || i == 4) {
        s.append('-');
      }
    }
    return s.toString();
  }

  private static String won(long amount) {
    return String.format(Locale.ROOT, "%,d won", amount);
  }
}
