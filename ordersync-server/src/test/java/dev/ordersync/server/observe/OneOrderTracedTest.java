package dev.ordersync.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import dev.ordersync.server.toss.FakeToss;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One order followed by its trace (decision 41): a client places it with a known {@code
 * traceparent}, the restaurant's feed socket receives it, and the exported spans tell the whole
 * way, from the HTTP request through the unit of work and its statements to the socket's delivery,
 * linked to the change; a payment's call to Toss carries the same trace; the access log has the
 * request with its trace id and route template, and nothing secret.
 */
class OneOrderTracedTest {
  static final String TOSS_KEY = "test_sk_ordersync_traced";
  static final String PHONE = "010-9876-5432";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> UNIT_KIND =
      AttributeKey.stringKey("ordersync.unit_of_work.kind");

  static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  static final List<LogRecord> access = new CopyOnWriteArrayList<>();
  static final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          access.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  static OpenTelemetrySdk sdk;
  static FakeToss toss;
  static TestServer server;
  static Api api;
  static Scenario story;

  @BeforeAll
  static void aTracedServerTalkingToTheFakeToss() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    toss = FakeToss.start(TOSS_KEY);
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_TOSS_SECRET_KEY", toss.secretKey());
    env.put("ORDERSYNC_TOSS_API_URL", toss.uri().toString());
    server = TestServer.startTraced(env, Tracing.of(sdk));
    api = server.api();
    story = new Scenario(api);
    Logger.getLogger(AccessLog.LOGGER).addHandler(capture);
  }

  @AfterAll
  static void stop() {
    Logger.getLogger(AccessLog.LOGGER).removeHandler(capture);
    if (server != null) {
      server.close();
    }
    if (toss != null) {
      toss.close();
    }
    sdk.close();
  }

  @BeforeEach
  void forgetEarlierSpans() {
    spans.reset();
    access.clear();
  }

  @Test
  void oneOrderIsTracedFromItsRequestToTheSocketThatDeliveredIt() throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Traced Kitchen");
    String item = story.anItem(owner, "Japchae", 8000, null);
    try (LiveClient feed =
        LiveClient.connect(
            server.port(), "/ws/restaurants/me/orders?access_token=" + owner.token())) {
      assertEquals("snapshot", feed.next().path("type").asText());
      String traceId = randomHex(32);
      String parentId = randomHex(16);

      HttpResponse<String> placed =
          post(
              "/api/v1/orders",
              Scenario.orderBody(owner.restaurantId(), item, 1),
              "00-" + traceId + "-" + parentId + "-01");
      assertEquals(201, placed.statusCode(), placed::body);
      String orderId = JSON.readTree(placed.body()).path("id").asText();
      assertTrue(
          placed.headers().firstValue("traceparent").orElse("").contains(traceId),
          "the answer names the server span of the caller's trace");
      JsonNode created = feed.next();
      assertEquals("order.created", created.path("type").asText());
      assertEquals(orderId, created.path("order").path("id").asText());

      List<SpanData> all = await(s -> s.stream().anyMatch(d -> d.getName().equals("live deliver")));
      List<SpanData> trace = all.stream().filter(d -> d.getTraceId().equals(traceId)).toList();

      SpanData request = one(trace, d -> d.getKind() == SpanKind.SERVER, "the server span");
      assertEquals("POST /api/v1/orders", request.getName());
      assertEquals(parentId, request.getParentSpanId(), "the caller's span is its parent");
      assertEquals("/api/v1/orders", request.getAttributes().get(ROUTE));
      assertEquals(201L, request.getAttributes().get(STATUS));
      assertEquals(
          "POST", request.getAttributes().get(AttributeKey.stringKey("http.request.method")));

      SpanData unit =
          one(
              trace,
              d -> "group_commit".equals(d.getAttributes().get(UNIT_KIND)),
              "the order's unit of work in a group-commit lane");
      assertTrue(descendsFrom(unit, request, trace), "the unit of work is the request's");
      SpanData wait =
          one(trace, d -> d.getName().equals("group commit lane wait"), "the wait for the lane");
      assertEquals(unit.getSpanId(), wait.getParentSpanId());

      List<SpanData> statements =
          trace.stream()
              .filter(d -> "postgresql".equals(d.getAttributes().get(DB_SYSTEM)))
              .toList();
      assertTrue(
          statements.stream().anyMatch(d -> d.getName().equals("INSERT orders")),
          () -> "the order's INSERT among " + names(statements));
      assertTrue(
          statements.stream()
              .filter(d -> d.getName().startsWith("INSERT"))
              .allMatch(d -> descendsFrom(d, unit, trace)),
          "the order's writes are statements of its unit of work");
      assertTrue(statements.stream().allMatch(d -> d.getKind() == SpanKind.CLIENT));

      SpanData delivery =
          one(
              all,
              d ->
                  d.getName().equals("live deliver")
                      && d.getLinks().stream()
                          .anyMatch(l -> l.getSpanContext().getTraceId().equals(traceId)),
              "the feed socket's delivery, linked to the order's trace");
      assertEquals(
          "feed", delivery.getAttributes().get(AttributeKey.stringKey("ordersync.live.stream")));
      LinkData link = delivery.getLinks().getFirst();
      assertEquals(
          unit.getSpanId(),
          link.getSpanContext().getSpanId(),
          "the delivery links to the unit of work that made the change");

      for (SpanData d : all) {
        String attributes = d.getAttributes().toString();
        assertFalse(attributes.contains(PHONE), () -> d.getName() + " holds no phone number");
        assertFalse(attributes.contains("Lee"), () -> d.getName() + " holds no customer name");
        assertFalse(attributes.contains(owner.token()), () -> d.getName() + " holds no token");
      }

      AccessLog.Entry line = accessLine(e -> e.route().equals("/api/v1/orders"));
      assertEquals("POST", line.method());
      assertEquals(201, line.status());
      assertEquals(traceId, line.traceId(), "the access log names the caller's trace");
      assertEquals(placed.headers().firstValue("X-Request-Id").orElseThrow(), line.requestId());
      assertTrue(line.bytes() > 0);
    }
  }

  @Test
  void aPaymentConfirmationSendsTheTraceToToss() throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Traced Online Kitchen");
    Api.Response online =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"payment_mode\":\"ONLINE\"}",
            owner.token(),
            null,
            null);
    assertEquals(200, online.status(), online::toString);
    String item = story.anItem(owner, "Bulgogi", 12000, null);
    Api.Response order = story.anAnonymousOrder(owner.restaurantId(), item, 1);
    String orderId = order.text("id");
    long total = order.json().path("total").asLong();
    String paymentKey = "tpk_" + UUID.randomUUID().toString().replace("-", "");
    toss.authorize(paymentKey, orderId, total, "카드");
    String traceId = randomHex(32);

    HttpResponse<String> paid =
        post(
            "/api/v1/payments/confirm",
            "{\"payment_key\":\""
                + paymentKey
                + "\",\"order_id\":\""
                + orderId
                + "\",\"amount\":"
                + total
                + "}",
            "00-" + traceId + "-" + randomHex(16) + "-01",
            "Bearer " + order.text("order_token"));
    assertEquals(200, paid.statusCode(), paid::body);

    String received =
        toss.traceparents().stream()
            .filter(t -> t.startsWith("POST /v1/payments/confirm "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("Toss received no traceparent"));
    String[] parts = received.substring(received.lastIndexOf(' ') + 1).split("-");
    assertEquals(traceId, parts[1], "Toss is called in the caller's trace");
    List<SpanData> all =
        await(s -> s.stream().anyMatch(d -> d.getName().equals("POST /v1/payments/confirm")));
    SpanData call = one(all, d -> d.getName().equals("POST /v1/payments/confirm"), "Toss call");
    assertEquals(SpanKind.CLIENT, call.getKind());
    assertEquals(traceId, call.getTraceId());
    assertEquals(call.getSpanId(), parts[2], "Toss's parent is the client span");

    AccessLog.Entry line = accessLine(e -> e.route().equals("/api/v1/payments/confirm"));
    assertEquals(traceId, line.traceId());
    for (LogRecord r : access) {
      String text = r.getMessage() + " " + new JsonLogFormatter().format(r);
      assertFalse(text.contains(order.text("order_token")), "no token in the access log");
      assertFalse(text.contains("order_token="), "no query string in the access log");
    }
  }

  @Test
  void theAccessLogKeepsRouteTemplatesAndNoCredentials() throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Quiet Kitchen");
    Api.Response me =
        api.get(
            "/api/v1/restaurants/me/orders?limit=5&access_token=" + owner.token(), owner.token());
    assertEquals(200, me.status(), me::toString);
    String orderPath = "/api/v1/orders/" + UUID.randomUUID();
    assertEquals(404, api.get(orderPath, owner.token()).status());
    try (LiveClient feed =
        LiveClient.connect(
            server.port(), "/ws/restaurants/me/orders?access_token=" + owner.token())) {
      assertEquals("snapshot", feed.next().path("type").asText());
    }
    assertEquals(200, api.get("/app/", null).status());
    assertEquals(200, api.get("/assets/shared/base.css", null).status());

    AccessLog.Entry board = accessLine(e -> e.route().equals("/api/v1/restaurants/me/orders"));
    assertEquals(200, board.status());
    AccessLog.Entry missing = accessLine(e -> e.status() == 404);
    assertEquals("/api/v1/orders/{id}", missing.route(), "the template, not the id");
    AccessLog.Entry socket = accessLine(e -> e.route().startsWith("/ws/"));
    assertEquals("/ws/restaurants/me/orders", socket.route());
    assertEquals(101, socket.status());
    assertEquals(200, accessLine(e -> e.route().equals("/app/")).status());
    assertEquals(
        200, accessLine(e -> e.route().equals("/assets/*")).status(), "assets, by pattern");

    JsonLogFormatter json = new JsonLogFormatter();
    for (LogRecord r : access) {
      String line = json.format(r);
      assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line");
      JsonNode parsed = JSON.readTree(line);
      assertEquals(AccessLog.LOGGER, parsed.path("logger").asText());
      assertTrue(parsed.hasNonNull("request_id"), line);
      assertTrue(parsed.path("duration_ms").isNumber(), line);
      String text = r.getMessage() + " " + line;
      assertFalse(text.contains(owner.token()), () -> "no token in " + text);
      assertFalse(text.contains("access_token"), () -> "no query string in " + text);
      assertFalse(text.contains(orderPath), () -> "no path with ids in " + text);
    }
  }

  static HttpResponse<String> post(String path, String body, String traceparent) throws Exception {
    return post(path, body, traceparent, null);
  }

  static HttpResponse<String> post(
      String path, String body, String traceparent, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("traceparent", traceparent)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static AccessLog.Entry accessLine(Predicate<AccessLog.Entry> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      for (LogRecord r : access) {
        if (r instanceof AccessLog.Line line && wanted.test(line.entry())) {
          return line.entry();
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no such access line among "
            + access.stream().map(LogRecord::getMessage).collect(Collectors.joining("\n")));
  }

  static List<SpanData> await(Predicate<List<SpanData>> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      List<SpanData> now = spans.getFinishedSpanItems();
      if (done.test(now)) {
        // the server span ends once its answer is sent: give it a moment
        Thread.sleep(100);
        return spans.getFinishedSpanItems();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("spans never came: " + names(spans.getFinishedSpanItems()));
  }

  static SpanData one(List<SpanData> spans, Predicate<SpanData> which, String what) {
    return spans.stream()
        .filter(which)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span for " + what + " among " + names(spans)));
  }

  static boolean descendsFrom(SpanData span, SpanData ancestor, List<SpanData> trace) {
    Map<String, SpanData> byId = new HashMap<>();
    trace.forEach(d -> byId.put(d.getSpanId(), d));
    for (SpanData at = span; at != null; at = byId.get(at.getParentSpanId())) {
      if (at.getParentSpanId().equals(ancestor.getSpanId())) {
        return true;
      }
    }
    return false;
  }

  static List<String> names(List<SpanData> spans) {
    List<String> out = new ArrayList<>();
    spans.forEach(d -> out.add(d.getName()));
    return out;
  }

  static String randomHex(int length) {
    String hex =
        UUID.randomUUID().toString().replace("-", "")
            + UUID.randomUUID().toString().replace("-", "");
    return hex.substring(0, length);
  }
}
