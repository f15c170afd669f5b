package dev.ordersync.examples.pos;

import dev.ordersync.sdk.ConflictException;
import dev.ordersync.sdk.LiveEvent;
import dev.ordersync.sdk.LiveListener;
import dev.ordersync.sdk.LiveSnapshot;
import dev.ordersync.sdk.LiveSubscription;
import dev.ordersync.sdk.LoginResult;
import dev.ordersync.sdk.Order;
import dev.ordersync.sdk.OrderStatus;
import dev.ordersync.sdk.OrderSyncClient;
import dev.ordersync.sdk.OrderSyncException;
import dev.ordersync.sdk.RequestOptions;
import dev.ordersync.sdk.Restaurant;
import dev.ordersync.sdk.Session;
import dev.ordersync.sdk.Tokens;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A kitchen POS on the SDK: it logs in (asking for the second factor when the account has one),
 * follows the restaurant's live feed (the SDK reconnects and resumes after a drop, so no order is
 * missed), accepts every new order with a preparation time, starts it, and prints its kitchen
 * ticket. Orders still waiting when it starts (the snapshot) are taken too; an order another
 * terminal took first is left alone.
 *
 * <pre>
 * ORDERSYNC_URL=http://localhost:8080 ORDERSYNC_EMAIL=owner@demo.ordersync.dev \
 * ORDERSYNC_PASSWORD=demo-owner-password ORDERSYNC_RESTAURANT=&lt;id&gt; \
 * ORDERSYNC_WEBHOOK_SECRET=whsec_... mvn -q -f examples compile exec:java@pos
 * </pre>
 */
public final class KitchenPos implements AutoCloseable {
  /** The preparation time promised on every order accepted. */
  public static final int PREP_MINUTES = 15;

  private final OrderSyncClient kitchen;
  private final String restaurantName;
  private final ZoneId zone;
  private final Consumer<String> printer;
  private final PrintStream log;
  private final Set<UUID> taken = ConcurrentHashMap.newKeySet();
  // The listener is called on the SDK's thread and must return quickly: the calls to the server
  // run here, one at a time.
  private final ExecutorService work =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kitchen-pos");
            t.setDaemon(true);
            return t;
          });
  private volatile LiveSubscription feed;

  private KitchenPos(
      OrderSyncClient kitchen, Restaurant restaurant, Consumer<String> printer, PrintStream log) {
    this.kitchen = kitchen;
    this.restaurantName = restaurant.name();
    this.zone = ZoneId.of(restaurant.timeZone() == null ? "Asia/Seoul" : restaurant.timeZone());
    this.printer = printer;
    this.log = log;
  }

  /**
   * Logs in to {@code restaurantId} and starts following its orders.
   *
   * @param secondFactor asked for the authenticator app's code (or a recovery code) when the
   *     account has two-step login on; never asked otherwise
   * @param printer given each kitchen ticket's text
   * @param log what the POS does, one line each
   */
  public static KitchenPos open(
      OrderSyncClient client,
      String email,
      String password,
      UUID restaurantId,
      Supplier<String> secondFactor,
      Consumer<String> printer,
      PrintStream log) {
    Tokens tokens =
        switch (client.auth().login(email, password, restaurantId)) {
          case LoginResult.Authenticated a -> a.tokens();
          case LoginResult.SecondFactorRequired step -> {
            log.println("two-step login: asking for the code");
            yield client.auth().completeLogin(step.mfaToken(), secondFactor.get());
          }
        };
    Session session = client.auth().session(tokens);
    OrderSyncClient kitchen = client.withTokenProvider(session);
    KitchenPos pos = new KitchenPos(kitchen, kitchen.restaurants().me(), printer, log);
    pos.feed = kitchen.live().restaurantOrders(pos.listener());
    log.println("following the orders of " + pos.restaurantName);
    return pos;
  }

  private LiveListener listener() {
    return new LiveListener() {
      @Override
      public void onSnapshot(LiveSnapshot snapshot) {
        snapshot.orders().forEach(KitchenPos.this::consider);
      }

      @Override
      public void onEvent(LiveEvent event) {
        if (event.order() != null) {
          consider(event.order());
        }
      }

      @Override
      public void onConnected() {
        log.println("live feed connected");
      }

      @Override
      public void onDisconnected(int closeCode, String reason, Duration reconnectIn) {
        log.println(
            "live feed dropped ("
                + closeCode
                + "); resuming in "
                + reconnectIn.toMillis()
                + " ms from the last event");
      }

      @Override
      public void onFailure(OrderSyncException error) {
        log.println("live feed stopped: " + error.getMessage());
      }
    };
  }

  /** An order waiting for the restaurant (placed, or paid online) is taken once. */
  private void consider(Order order) {
    if (order.status() == OrderStatus.PLACED && taken.add(order.id())) {
      work.execute(() -> take(order));
    }
  }

  private void take(Order placed) {
    try {
      Order accepted =
          kitchen
              .restaurantOrders()
              .accept(placed.id(), PREP_MINUTES, RequestOptions.ifMatchVersion(placed.version()));
      printer.accept(KitchenTicket.format(restaurantName, accepted, zone));
      Order started =
          kitchen
              .restaurantOrders()
              .start(accepted.id(), RequestOptions.ifMatchVersion(accepted.version()));
      log.println(started.number() + " accepted and started");
    } catch (ConflictException e) {
      // Another terminal (or the guest, canceling) changed it first.
      log.println(placed.number() + " left alone: " + e.code());
    } catch (OrderSyncException e) {
      taken.remove(placed.id());
      log.println(placed.number() + " not taken: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    LiveSubscription f = feed;
    if (f != null) {
      f.close();
    }
    work.shutdown();
    try {
      work.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the POS and its webhook receiver until the process is stopped. */
  public static void main(String[] args) throws Exception {
    String url = System.getenv().getOrDefault("ORDERSYNC_URL", "http://localhost:8080");
    String email = required("ORDERSYNC_EMAIL");
    String password = required("ORDERSYNC_PASSWORD");
    UUID restaurant = UUID.fromString(required("ORDERSYNC_RESTAURANT"));
    String secret = System.getenv("ORDERSYNC_WEBHOOK_SECRET");
    int port = Integer.parseInt(System.getenv().getOrDefault("POS_WEBHOOK_PORT", "8090"));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    OrderSyncClient client = OrderSyncClient.builder().baseUrl(url).build();
    Supplier<String> code =
        () -> {
          out.print("Authenticator code: ");
          String line = System.console() == null ? null : System.console().readLine();
          return line == null ? "" : line.strip();
        };
    try (KitchenPos pos =
            KitchenPos.open(client, email, password, restaurant, code, out::print, out);
        WebhookReceiver receiver =
            secret == null
                ? null
                : WebhookReceiver.start(
                    port, secret, e -> out.println("webhook " + e.type() + " " + e.id()))) {
      if (receiver != null) {
        out.println("webhooks: " + receiver.uri());
      }
      Thread.currentThread().join();
    }
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      System.err.println("set " + name);
      System.exit(2);
    }
    return value;
  }
}
