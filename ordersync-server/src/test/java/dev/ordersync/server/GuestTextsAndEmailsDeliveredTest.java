package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.notify.FakeAligo;
import dev.ordersync.server.notify.FakeSendGrid;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What this server decides to send, sent for real: the server with its own outbox and deliverer,
 * pointed at the fake Aligo and SendGrid. A guest's texts and an owner's email each arrive once; a
 * guest who did not agree gets nothing; a guest who erased their data before the text went gets
 * none.
 */
class GuestTextsAndEmailsDeliveredTest {
  static final String ALIGO_KEY = "zt5p0p7c6we0w7cw9zccjuagcxyh8q5x";
  static final String SENDGRID_KEY = "SG.test-key.abcdefghijklmnopqrstuvwxyz";
  static final String FROM = "orders@ordersync.example.kr";
  static FakeAligo aligo;
  static FakeSendGrid sendGrid;
  static TestServer server;
  static Api api;
  static Scenario scenario;
  static Scenario.Owner owner;
  static String item;

  @BeforeAll
  static void aServerTalkingToBothFakes() {
    aligo = FakeAligo.start(ALIGO_KEY, "ordersync", "025114560");
    sendGrid = FakeSendGrid.start(SENDGRID_KEY, FROM);
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_ALIGO_API_URL", aligo.uri().toString());
    env.put("ORDERSYNC_ALIGO_KEY", ALIGO_KEY);
    env.put("ORDERSYNC_ALIGO_USER_ID", "ordersync");
    env.put("ORDERSYNC_ALIGO_SENDER", "02-511-4560");
    env.put("ORDERSYNC_SENDGRID_API_URL", sendGrid.uri().toString());
    env.put("ORDERSYNC_SENDGRID_API_KEY", SENDGRID_KEY);
    env.put("ORDERSYNC_MAIL_FROM", "OrderSync <" + FROM + ">");
    env.put("ORDERSYNC_NOTIFY_POLL_INTERVAL", "PT0.2S");
    env.put("ORDERSYNC_NOTIFY_RETRY_BASE", "PT0.1S");
    env.put("ORDERSYNC_NOTIFY_RETRY_CAP", "PT0.5S");
    server = TestServer.start(env);
    api = server.api();
    scenario = new Scenario(api);
    owner = scenario.anOwnerWithARestaurant("오더싱크 데모 식당");
    item = scenario.anItem(owner, "Tteokbokki", 6000, null);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    aligo.close();
    sendGrid.close();
  }

  static Api.Response order(String phone, boolean consent) {
    Api.Response r =
        api.post(
            "/api/v1/orders",
            "{\"restaurant_id\":\""
                + owner.restaurantId()
                + "\",\"items\":[{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":1}],\"customer\":{\"phone\":\""
                + phone
                + "\",\"sms_consent\":"
                + consent
                + "},\"fulfillment\":\"TAKEOUT\"}",
            null);
    assertEquals(201, r.status(), r::toString);
    return r;
  }

  static void move(String id, String step) {
    Api.Response r =
        api.post("/api/v1/restaurants/me/orders/" + id + "/" + step, "{}", owner.token());
    assertEquals(200, r.status(), r::toString);
  }

  static List<FakeAligo.Sms> textsTo(String digits) {
    return aligo.messages().stream().filter(m -> m.receiver().equals(digits)).toList();
  }

  static List<FakeSendGrid.Mail> mailsTo(String email) {
    return sendGrid.mails().stream().filter(m -> m.to().equals(email)).toList();
  }

  static <T> T within(Duration d, Supplier<T> probe, Predicate<T> done) throws Exception {
    long end = System.nanoTime() + d.toNanos();
    T v = probe.get();
    while (!done.test(v) && System.nanoTime() < end) {
      Thread.sleep(50);
      v = probe.get();
    }
    return v;
  }

  @Test
  void aGuestWhoAgreedGetsTheAcceptedAndReadyTextsOnceAndOneWhoDidNotGetsNone() throws Exception {
    Api.Response placed = order("010-7777-0001", true);
    Api.Response silent = order("010-7777-0004", false);
    for (Api.Response o : List.of(placed, silent)) {
      move(o.text("id"), "accept");
      move(o.text("id"), "start");
      move(o.text("id"), "ready");
    }
    List<FakeAligo.Sms> sent =
        within(Duration.ofSeconds(10), () -> textsTo("01077770001"), l -> l.size() >= 2);
    Thread.sleep(1000);
    sent = textsTo("01077770001");
    assertEquals(2, sent.size(), aligo.messages()::toString);
    assertEquals("SMS", sent.get(0).type());
    String number = placed.text("number");
    assertTrue(
        sent.stream().anyMatch(m -> m.text().contains("주문 " + number + " 접수되었습니다")),
        sent::toString);
    assertTrue(
        sent.stream().anyMatch(m -> m.text().contains("주문 " + number + " 준비되었습니다")),
        sent::toString);
    assertTrue(textsTo("01077770004").isEmpty(), "no consent, no text");
  }

  @Test
  void aLoginFromANewPlaceEmailsTheOwnerOnce() throws Exception {
    String email = "owner-" + UUID.randomUUID() + "@example.kr";
    scenario.register(email, "OWNER");
    scenario.login(email);
    HttpClient other =
        HttpClient.newBuilder()
            .localAddress(InetAddress.getByName("127.0.0.2"))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> login =
        other.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, login.statusCode(), login::body);
    within(Duration.ofSeconds(10), () -> mailsTo(email), l -> !l.isEmpty());
    Thread.sleep(1000);
    List<FakeSendGrid.Mail> mails = mailsTo(email);
    assertEquals(1, mails.size(), sendGrid.mails()::toString);
    assertTrue(mails.getFirst().subject().contains("새 기기에서 로그인"), mails::toString);
    assertTrue(mails.getFirst().text().contains("127.0.0.2"), mails::toString);
  }

  @Test
  void aGuestWhoErasesTheirDataBeforeTheTextGoesGetsNone() throws Exception {
    aligo.down();
    try {
      Api.Response placed = order("010-7777-0002", true);
      move(placed.text("id"), "accept");
      Api.Response erased =
          api.send(
              "DELETE",
              "/api/v1/orders/" + placed.text("id") + "/customer",
              null,
              placed.text("order_token"),
              null,
              null);
      assertEquals(204, erased.status(), erased::toString);
    } finally {
      aligo.up();
    }
    Api.Response after = order("010-7777-0003", true);
    move(after.text("id"), "accept");
    within(Duration.ofSeconds(15), () -> textsTo("01077770003"), l -> !l.isEmpty());
    Thread.sleep(500);
    assertEquals(1, textsTo("01077770003").size(), "the text after the outage went");
    assertTrue(textsTo("01077770002").isEmpty(), aligo.messages()::toString);
  }
}
