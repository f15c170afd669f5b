package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.user.Totp;
import dev.ordersync.examples.pos.KitchenPos;
import dev.ordersync.examples.pos.KitchenTicket;
import dev.ordersync.examples.pos.WebhookReceiver;
import dev.ordersync.sdk.Fulfillment;
import dev.ordersync.sdk.Menu;
import dev.ordersync.sdk.MenuItem;
import dev.ordersync.sdk.NewOptionGroup;
import dev.ordersync.sdk.OptionGroup;
import dev.ordersync.sdk.Order;
import dev.ordersync.sdk.OrderStatus;
import dev.ordersync.sdk.OrderSyncClient;
import dev.ordersync.sdk.PlaceOrderRequest;
import dev.ordersync.sdk.RequestOptions;
import dev.ordersync.server.DemoSeed;
import dev.ordersync.server.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kitchen POS against the {@code --demo} restaurant: its owner has two-step login on, a guest
 * orders at table 3, the POS sees the order on the live feed, accepts and starts it and prints its
 * ticket, and the guest sees it taken.
 */
class KitchenPosTest {
  // Webhooks to the POS's own endpoint on this machine: http to loopback, as in development.
  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(java.util.Map.of("ORDERSYNC_WEBHOOKS_ALLOW_HTTP", "true"));

  @Test
  void aGuestsOrderReachesTheKitchenAsATicketAndIsTaken() throws Exception {
    UUID restaurantId = DemoSeed.seed(server);
    OrderSyncClient anonymous =
        OrderSyncClient.builder().baseUrl("http://127.0.0.1:" + server.port()).build();

    // The owner turns two-step login on and gives bibimbap a size.
    OrderSyncClient owner =
        anonymous.withAccessToken(
            anonymous
                .auth()
                .login(DemoSeed.OWNER_EMAIL, DemoSeed.OWNER_PASSWORD, restaurantId)
                .authenticated()
                .orElseThrow()
                .accessToken());
    byte[] secret = SdkAgainstServerTest.base32(owner.auth().enrollTotp().secret());
    List<String> recovery = owner.auth().confirmTotp(Totp.code(secret, Totp.step(Instant.now())));
    Menu menu = anonymous.restaurants().menu(restaurantId);
    MenuItem bibimbap = item(menu, "비빔밥");
    MenuItem sikhye = item(menu, "식혜");
    OptionGroup size =
        owner
            .restaurants()
            .addOptionGroup(
                bibimbap.id(),
                new NewOptionGroup("크기", 0, 1, List.of(NewOptionGroup.Option.of("곱빼기", 2_000))));

    // The POS's webhook endpoint: registered first (the secret is shown in that answer), then
    // listened on at the port it names.
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    dev.ordersync.sdk.WebhookEndpoint endpoint =
        owner
            .webhooks()
            .create(
                new dev.ordersync.sdk.CreateWebhookRequest(
                    "http://127.0.0.1:" + port + "/webhooks",
                    List.of("order.created", "order.status_changed")));
    BlockingQueue<WebhookReceiver.Event> webhooks = new LinkedBlockingQueue<>();
    BlockingQueue<String> tickets = new LinkedBlockingQueue<>();
    AtomicInteger codesAsked = new AtomicInteger();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (WebhookReceiver receiver = WebhookReceiver.start(port, endpoint.secret(), webhooks::add);
        KitchenPos pos =
            KitchenPos.open(
                anonymous,
                DemoSeed.OWNER_EMAIL,
                DemoSeed.OWNER_PASSWORD,
                restaurantId,
                () -> {
                  codesAsked.incrementAndGet();
                  return recovery.getFirst();
                },
                tickets::add,
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
      assertEquals(1, codesAsked.get(), "the POS asked for the second factor once");

      Order placed =
          anonymous
              .orders()
              .place(
                  PlaceOrderRequest.builder(restaurantId, Fulfillment.DINE_IN)
                      .table("3")
                      .note("고추장은 따로 주세요")
                      .item(bibimbap.id(), 2, List.of(size.options().getFirst().id()))
                      .item(sikhye.id(), 1)
                      .build());
      assertEquals(OrderStatus.PLACED, placed.status());

      String ticket = tickets.poll(30, TimeUnit.SECONDS);
      assertNotNull(ticket, "no ticket printed; the POS said: " + log);
      String time =
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
              .format(placed.createdAt().atZone(ZoneId.of("Asia/Seoul")));
      assertEquals(
          String.join(
              "\n",
              "================================",
              " ".repeat(7) + "오더싱크 데모 식당",
              row("ORDER " + placed.number(), "DINE IN"),
              "TABLE 3",
              row(time, "Asia/Seoul"),
              row("READY IN", "15 min"),
              "--------------------------------",
              row("2 x 비빔밥", "22,000원"),
              row("   + 크기: 곱빼기", "+2,000원"),
              row("1 x 식혜", "3,000원"),
              "--------------------------------",
              "NOTE: 고추장은 따로 주세요",
              "--------------------------------",
              row("SUBTOTAL", "25,000원"),
              row("TOTAL", "25,000원"),
              "================================",
              ""),
          ticket);
      assertEquals(25_000, placed.total());
      for (String line : ticket.split("\n")) {
        assertTrue(
            KitchenTicketWidth.of(line) <= KitchenTicket.WIDTH, "too wide for the paper: " + line);
      }

      // The guest's view: the kitchen took it and is making it.
      Order seen = null;
      for (int i = 0; i < 100; i++) {
        seen = anonymous.orders().get(placed.id(), RequestOptions.accessToken(placed.orderToken()));
        if (seen.status() == OrderStatus.PREPARING) {
          break;
        }
        Thread.sleep(100);
      }
      assertEquals(OrderStatus.PREPARING, seen.status());
      assertEquals(KitchenPos.PREP_MINUTES, seen.prepMinutes());
      assertTrue(
          log.toString(StandardCharsets.UTF_8).contains("accepted and started"), log::toString);

      // The same order reached the POS's endpoint as signed webhooks (the receiver verifies each
      // with Webhooks.verify and refuses a bad one): created, then each change of status.
      java.util.Set<String> seenTypes = new java.util.TreeSet<>();
      java.util.Set<String> statuses = new java.util.TreeSet<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(seenTypes.contains("order.created") && statuses.contains("PREPARING"))
          && System.nanoTime() < deadline) {
        WebhookReceiver.Event e = webhooks.poll(1, TimeUnit.SECONDS);
        if (e != null && placed.id().toString().equals(String.valueOf(e.data().get("id")))) {
          seenTypes.add(e.type());
          statuses.add(String.valueOf(e.data().get("status")));
        }
      }
      assertTrue(seenTypes.contains("order.created"), "webhooks seen: " + seenTypes);
      assertTrue(seenTypes.contains("order.status_changed"), "webhooks seen: " + seenTypes);
      assertTrue(statuses.contains("PREPARING"), "statuses seen: " + statuses);
    }
    assertEquals(
        9, owner.auth().exportMyData().recoveryCodesLeft(), "the POS used one recovery code");
  }

  /** {@code left} and {@code right} at the two edges of the 32-column paper. */
  private static String row(String left, String right) {
    return left
        + " "
            .repeat(
                KitchenTicket.WIDTH - KitchenTicketWidth.of(left) - KitchenTicketWidth.of(right))
        + right;
  }

  private static MenuItem item(Menu menu, String name) {
    return menu.items().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  /** The columns a line takes, counted independently of the ticket's own code. */
  static final class KitchenTicketWidth {
    static int of(String line) {
      return line.codePoints()
          .map(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL ? 2 : 1)
          .sum();
    }
  }
}
