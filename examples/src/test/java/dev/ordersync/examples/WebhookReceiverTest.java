package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ordersync.examples.pos.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The POS's webhook receiver, fed deliveries signed here by the scheme's own definition ({@code
 * t=<unix>,v1=<hex HMAC-SHA256 of "t.body">}), not by the SDK's signing helper.
 */
class WebhookReceiverTest {
  private static final String SECRET = "whsec_test_6f1c2a";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aSignedEventIsHandledOnceAndAForgedOrOldOneIsRefused() throws Exception {
    BlockingQueue<WebhookReceiver.Event> handled = new LinkedBlockingQueue<>();
    try (WebhookReceiver receiver = WebhookReceiver.start(0, SECRET, handled::add)) {
      String body =
          "{\"id\":\"evt_1\",\"type\":\"order.created\",\"created_at\":\"2026-12-08T02:00:00Z\","
              + "\"data\":{\"id\":\"0193a5c0-0000-7000-8000-000000000001\",\"status\":\"PLACED\"}}";
      long now = Instant.now().getEpochSecond();

      assertEquals(200, post(receiver.uri(), body, signature(now, body, SECRET)).statusCode());
      WebhookReceiver.Event event = handled.poll(5, TimeUnit.SECONDS);
      assertEquals("evt_1", event.id());
      assertEquals("order.created", event.type());
      assertEquals(Instant.parse("2026-12-08T02:00:00Z"), event.createdAt());
      assertEquals("PLACED", event.data().get("status"));

      // The same event delivered again (a retry, signed anew): answered 200, not handled twice.
      HttpResponse<String> again = post(receiver.uri(), body, signature(now + 1, body, SECRET));
      assertEquals(200, again.statusCode());
      assertEquals("duplicate ignored\n", again.body());

      String other = body.replace("evt_1", "evt_2");
      // Signed with another secret, tampered with, too old, unsigned: all refused 400.
      assertEquals(
          400, post(receiver.uri(), other, signature(now, other, "whsec_wrong")).statusCode());
      assertEquals(
          400,
          post(receiver.uri(), other.replace("PLACED", "PAID"), signature(now, other, SECRET))
              .statusCode());
      assertEquals(
          400, post(receiver.uri(), other, signature(now - 600, other, SECRET)).statusCode());
      assertEquals(400, post(receiver.uri(), other, null).statusCode());
      assertNull(handled.poll(200, TimeUnit.MILLISECONDS), "nothing refused was handled");

      // The same new event, properly signed, is then taken.
      assertEquals(200, post(receiver.uri(), other, signature(now, other, SECRET)).statusCode());
      assertEquals("evt_2", handled.poll(5, TimeUnit.SECONDS).id());
    }
  }

  @Test
  void aHandlerThatFailsGetsTheEventAgain() throws Exception {
    int[] calls = {0};
    try (WebhookReceiver receiver =
        WebhookReceiver.start(
            0,
            SECRET,
            e -> {
              if (calls[0]++ == 0) {
                throw new IllegalStateException("database down");
              }
            })) {
      String body = "{\"id\":\"evt_9\",\"type\":\"order.paid\",\"data\":{}}";
      long now = Instant.now().getEpochSecond();
      assertEquals(500, post(receiver.uri(), body, signature(now, body, SECRET)).statusCode());
      assertEquals(200, post(receiver.uri(), body, signature(now, body, SECRET)).statusCode());
      assertEquals(2, calls[0]);
    }
  }

  private HttpResponse<String> post(URI uri, String body, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (signature != null) {
      request.header("OrderSync-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The scheme, written out: {@code t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>}. */
  private static String signature(long unixSeconds, String body, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
    return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(digest);
  }
}
