package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import dev.ordersync.core.notify.NotificationOutbox;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.server.Api;
import dev.ordersync.server.OrderSyncServer;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import dev.ordersync.server.toss.FakeToss;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The owner's analytics against a recount from the raw rows, after a scripted Sunday of orders in
 * Seoul: counter orders completed, rejected and canceled after acceptance, online orders paid,
 * partly refunded and canceled with a full refund, an order placed at 23:50 and completed at 00:10
 * the next day, and a refund made the next day. Three server instances share one database, each
 * started at its own moment (23:50 Sunday, 00:10 Monday, 09:05 Monday KST), so every timestamp is
 * written by the server itself. The numbers are checked with the rollups not yet built, built, and
 * stale again.
 */
class AnalyticsOverHttpTest {
  static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  static final LocalDate SUNDAY = LocalDate.of(2026, 11, 29);
  static final LocalDate MONDAY = SUNDAY.plusDays(1);
  static final String KEY = "test_sk_analytics";

  static FakeToss toss;
  static Path keys;
  static TestServer server;
  static Api api;
  static Scenario story;
  static Scenario.Owner a;
  static Scenario.Owner b;
  static String staffOfA;
  static String staffEmail;
  static String admin;
  static String adminEmail;
  static String kimbap;
  static String ramen;
  static String tteokbokki;
  static final Map<String, String> ids = new HashMap<>();

  @BeforeAll
  static void aScriptedSundayAndMonday() throws Exception {
    toss = FakeToss.start(KEY);
    keys = Files.createTempDirectory("analytics-keys");
    // Sunday 23:50 in Seoul.
    server = start(null, "2026-11-29T14:50:00Z");
    api = server.api();
    story = new Scenario(api);
    a = story.anOwnerWithARestaurant("분석 김밥");
    b = story.anOwnerWithARestaurant("보고 없는 식당");
    kimbap = story.anItem(a, "김밥", 4000, null);
    ramen = story.anItem(a, "라면", 5000, null);
    tteokbokki = story.anItem(a, "떡볶이", 6000, null);
    String bItem = story.anItem(b, "우동", 7000, null);
    staffOfA = staffOf(a);
    admin = anAdmin();

    // At the counter.
    ids.put("o1", order(kimbap, 2));
    move(a, "o1", "accept", "start", "ready", "complete");
    ids.put("o2", order(ramen, 1));
    assertEquals(200, post(a, "o2", "reject", "{\"reason\":\"재료 소진\"}").status());
    ids.put("o3", order(tteokbokki, 1));
    move(a, "o3", "accept");
    assertEquals(200, post(a, "o3", "cancel", "{\"reason\":\"손님 요청\"}").status());
    ids.put("o4", order(ramen, 2));
    move(a, "o4", "accept");
    // Online, through Toss.
    paymentMode(a, "ONLINE");
    ids.put("o5", paidOrder(tteokbokki, 2));
    move(a, "o5", "accept", "start", "ready", "complete");
    assertEquals(201, post(a, "o5", "refund", "{\"amount\":3000,\"reason\":\"덜 익음\"}").status());
    ids.put("o6", paidOrder(kimbap, 1));
    move(a, "o6", "accept");
    Api.Response canceled = post(a, "o6", "cancel", "{\"reason\":\"품절\"}");
    assertEquals(200, canceled.status(), canceled::toString);
    ids.put("o7", paidOrder(ramen, 3));
    move(a, "o7", "accept");
    Api.Response unpaid =
        api.post("/api/v1/orders", Scenario.orderBody(a.restaurantId(), kimbap, 5), null);
    assertEquals("AWAITING_PAYMENT", unpaid.text("status"), unpaid::toString);
    paymentMode(a, "AT_COUNTER");
    // Restaurant B, whose owner wants no reports.
    assertEquals(
        200,
        api.send(
                "PATCH",
                "/api/v1/restaurants/me",
                "{\"daily_report\":false,\"weekly_report\":false}",
                b.token(),
                null,
                null)
            .status());
    String bOrder = story.anAnonymousOrder(b.restaurantId(), bItem, 1).text("id");
    for (String step : List.of("accept", "start", "ready", "complete")) {
      assertEquals(
          200,
          api.post("/api/v1/restaurants/me/orders/" + bOrder + "/" + step, null, b.token())
              .status());
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (toss != null) {
      toss.close();
    }
    TestServer.deleteTree(keys);
  }

  @Test
  void theDayMatchesARecountToTheWonWhetherOrNotTheRollupsAreBuiltAndAfterMidnight()
      throws Exception {
    JsonNode before = analytics(SUNDAY, SUNDAY, "hour");
    assertSunday(before);
    assertRecount(before, SUNDAY, SUNDAY);
    assertTrue(server.orderSync().rollUpAnalyticsNow() > 0, "the job read the feed");
    JsonNode rolled = analytics(SUNDAY, SUNDAY, "hour");
    assertEquals(before, rolled, "the rollups answer as the raw rows do");
    assertEquals(0, server.orderSync().rollUpAnalyticsNow(), "nothing left to read");

    // Monday 00:10 in Seoul, on a second instance: the 23:50 order is completed, the online
    // order is partly refunded, and a new order is placed and completed.
    server.stopServerOnly();
    server = start(server.database(), "2026-11-29T15:10:00Z");
    signInAgain();
    move(a, "o4", "start", "ready", "complete");
    assertEquals(201, post(a, "o7", "refund", "{\"amount\":2000,\"reason\":\"늦은 배달\"}").status());
    ids.put("o8", order(kimbap, 1));
    move(a, "o8", "accept", "start", "ready", "complete");

    // The rollups are stale now (the job has not run): the answer is still exact.
    JsonNode stale = analytics(SUNDAY, MONDAY, "day");
    assertBothDays(stale);
    assertRecount(stale, SUNDAY, MONDAY);
    // A range holding the whole of November takes its stage histograms from the month's rollup,
    // except (while the job is behind) a month with unread events, read from its days.
    LocalDate lateOctober = SUNDAY.withDayOfMonth(1).minusDays(3);
    JsonNode staleMonth = analytics(lateOctober, MONDAY, "week");
    assertRecount(staleMonth, lateOctober, MONDAY);
    server.orderSync().rollUpAnalyticsNow();
    JsonNode fresh = analytics(SUNDAY, MONDAY, "day");
    assertEquals(stale, fresh);
    try (Connection c = server.database().connect()) {
      assertEquals(
          List.of(
              Map.of(
                  "month",
                  "2026-11-01",
                  "count",
                  fresh.path("stage_seconds").path("accepted_to_ready").path("count").asText())),
          rows(
              c,
              "SELECT month::text AS month, sum(count)::text AS count FROM analytics_monthly_stages"
                  + " WHERE restaurant_id = ?::uuid AND stage = 'accepted_to_ready' GROUP BY month",
              a.restaurantId()),
          "November's stages are rolled up by month");
    }
    assertEquals(staleMonth, analytics(lateOctober, MONDAY, "week"));
    assertRecount(analytics(lateOctober, MONDAY, "week"), lateOctober, MONDAY);
    assertRecount(analytics(SUNDAY, MONDAY, "hour"), SUNDAY, MONDAY);
    assertRecount(analytics(MONDAY, MONDAY, "week"), MONDAY, MONDAY);

    // The 23:50 order counts on Sunday, with its 10,000 won, though it was completed on Monday.
    JsonNode sunday = analytics(SUNDAY, SUNDAY, "day");
    assertEquals(7, sunday.path("orders").asLong());
    assertEquals(49000, sunday.path("revenue").path("gross").asLong());
    assertEquals(7000, sunday.path("revenue").path("refunds").asLong());
    // Monday's refund of a Sunday order is Monday's.
    JsonNode monday = analytics(MONDAY, MONDAY, "day");
    assertEquals(1, monday.path("orders").asLong());
    assertEquals(4000, monday.path("revenue").path("gross").asLong());
    assertEquals(2000, monday.path("revenue").path("refunds").asLong());
    assertEquals(2000, monday.path("revenue").path("net").asLong());

    csvIsTheSeries(fresh);
    platformViewAddsUpEveryRestaurant();
    reportsGoOutOnceAtTheirTimeToOwnersWhoWantThem();
  }

  /** Sunday as scripted: seven orders reached the kitchen, five were sales. */
  static void assertSunday(JsonNode s) {
    assertEquals("Asia/Seoul", s.path("time_zone").asText());
    assertEquals(7, s.path("orders").asLong(), s::toString);
    assertEquals(2, s.path("canceled").asLong());
    assertEquals(1, s.path("rejected").asLong());
    // o4 is accepted but not yet completed at the counter: not a sale yet.
    assertEquals(4, s.path("sales").asLong());
    assertEquals(8000 + 12000 + 4000 + 15000, s.path("revenue").path("gross").asLong());
    assertEquals(3000 + 4000, s.path("revenue").path("refunds").asLong());
    assertEquals(24, s.path("series").size(), "one point per hour of the day");
    assertEquals(7, s.path("by_hour").get(23).asLong());
  }

  /** Sunday and Monday, once the 23:50 order was completed on Monday. */
  static void assertBothDays(JsonNode s) {
    assertEquals(8, s.path("orders").asLong(), s::toString);
    assertEquals(6, s.path("sales").asLong());
    assertEquals(53000, s.path("revenue").path("gross").asLong());
    assertEquals(9000, s.path("revenue").path("refunds").asLong());
    assertEquals(44000, s.path("revenue").path("net").asLong());
    assertEquals(8833, s.path("average_order_value").asLong());
    assertEquals(0.25, s.path("cancel_rate").asDouble());
    assertEquals(0.125, s.path("reject_rate").asDouble());
    JsonNode top = s.path("top_items");
    assertEquals("라면", top.get(0).path("name").asText(), top::toString);
    assertEquals(5, top.get(0).path("count").asLong());
    assertEquals(25000, top.get(0).path("revenue").asLong());
    assertEquals("김밥", top.get(1).path("name").asText());
    assertEquals(3, top.get(1).path("count").asLong());
    assertEquals("떡볶이", top.get(2).path("name").asText());
    JsonNode byRevenue = s.path("top_items_by_revenue");
    assertEquals("라면", byRevenue.get(0).path("name").asText());
    assertEquals("김밥", byRevenue.get(1).path("name").asText(), "12,000 each: more sold first");
    assertEquals(2, s.path("series").size());
    assertEquals("2026-11-29T00:00+09:00", s.path("series").get(0).path("start").asText());
    assertEquals(42000, s.path("series").get(0).path("net").asLong());
    assertEquals(2000, s.path("series").get(1).path("net").asLong());
    assertEquals(7, s.path("by_hour").get(23).asLong());
    assertEquals(1, s.path("by_hour").get(0).asLong());
    assertEquals(4, s.path("stage_seconds").path("accepted_to_ready").path("count").asLong());
  }

  /**
   * Recounts from the raw rows (orders, payments, refunds, lines, events), in Java, by the
   * definitions of docs/api.md, and compares every figure of the answer.
   */
  static void assertRecount(JsonNode answer, LocalDate first, LocalDate last) throws Exception {
    Instant from = first.atStartOfDay(SEOUL).toInstant();
    Instant to = last.plusDays(1).atStartOfDay(SEOUL).toInstant();
    long orders = 0, canceled = 0, rejected = 0, sales = 0, gross = 0, refunds = 0;
    long[] byHour = new long[24];
    Map<String, long[]> items = new TreeMap<>();
    Map<String, List<Double>> stages = new HashMap<>();
    stages.put("placed_to_accepted", new ArrayList<>());
    stages.put("accepted_to_ready", new ArrayList<>());
    try (Connection c = server.database().connect()) {
      for (Map<String, Object> o :
          rows(
              c,
              "SELECT o.id, o.status, o.total, o.created_at, p.amount, p.approved_at FROM orders o"
                  + " LEFT JOIN payments p ON p.order_id = o.id WHERE o.restaurant_id = ?::uuid",
              a.restaurantId())) {
        Instant created = ((java.sql.Timestamp) o.get("created_at")).toInstant();
        if (created.isBefore(from) || !created.isBefore(to)) {
          continue;
        }
        String status = (String) o.get("status");
        if (status.equals("AWAITING_PAYMENT") || status.equals("EXPIRED")) {
          continue;
        }
        orders++;
        byHour[created.atZone(SEOUL).getHour()]++;
        canceled += status.equals("CANCELED") ? 1 : 0;
        rejected += status.equals("REJECTED") ? 1 : 0;
        Long sale =
            o.get("approved_at") != null
                ? (Long) o.get("amount")
                : status.equals("COMPLETED") ? (Long) o.get("total") : null;
        if (sale != null) {
          sales++;
          gross += sale;
          if (!status.equals("CANCELED") && !status.equals("REJECTED")) {
            for (Map<String, Object> l :
                rows(
                    c,
                    "SELECT name, quantity, line_total FROM order_lines WHERE order_id = ?::uuid",
                    o.get("id").toString())) {
              long[] t = items.computeIfAbsent((String) l.get("name"), n -> new long[2]);
              t[0] += (Integer) l.get("quantity");
              t[1] += (Long) l.get("line_total");
            }
          }
        }
        Map<String, Instant> at = new HashMap<>();
        for (Map<String, Object> e :
            rows(
                c,
                "SELECT payload->>'event' AS event, feed_position, created_at FROM order_events"
                    + " WHERE order_id = ?::uuid ORDER BY version",
                o.get("id").toString())) {
          String event = (String) e.get("event");
          Instant when = ((java.sql.Timestamp) e.get("created_at")).toInstant();
          if ((event.equals("OrderCreated") || event.equals("OrderPaid"))
              && (Long) e.get("feed_position") > 0) {
            at.putIfAbsent("placed", when);
          }
          if (event.equals("OrderAccepted")) {
            at.putIfAbsent("accepted", when);
          }
          if (event.equals("OrderReady")) {
            at.putIfAbsent("ready", when);
          }
        }
        if (at.containsKey("placed") && at.containsKey("accepted")) {
          stages.get("placed_to_accepted").add(seconds(at.get("placed"), at.get("accepted")));
        }
        if (at.containsKey("accepted") && at.containsKey("ready")) {
          stages.get("accepted_to_ready").add(seconds(at.get("accepted"), at.get("ready")));
        }
      }
      for (Map<String, Object> r :
          rows(
              c,
              "SELECT r.amount, r.refunded_at, o.status FROM refunds r JOIN orders o ON o.id ="
                  + " r.order_id WHERE r.restaurant_id = ?::uuid",
              a.restaurantId())) {
        Instant when = ((java.sql.Timestamp) r.get("refunded_at")).toInstant();
        if (!when.isBefore(from) && when.isBefore(to) && !"EXPIRED".equals(r.get("status"))) {
          refunds += (Long) r.get("amount");
        }
      }
    }
    String why = answer.toString();
    assertEquals(orders, answer.path("orders").asLong(), why);
    assertEquals(canceled, answer.path("canceled").asLong(), why);
    assertEquals(rejected, answer.path("rejected").asLong(), why);
    assertEquals(sales, answer.path("sales").asLong(), why);
    assertEquals(gross, answer.path("revenue").path("gross").asLong(), why);
    assertEquals(refunds, answer.path("revenue").path("refunds").asLong(), why);
    assertEquals(gross - refunds, answer.path("revenue").path("net").asLong(), why);
    assertEquals(
        sales == 0 ? 0 : Math.round((double) gross / sales),
        answer.path("average_order_value").asLong(),
        why);
    for (int h = 0; h < 24; h++) {
      assertEquals(byHour[h], answer.path("by_hour").get(h).asLong(), "hour " + h + " " + why);
    }
    long seriesGross = 0, seriesRefunds = 0, seriesOrders = 0;
    for (JsonNode p : answer.path("series")) {
      seriesGross += p.path("gross").asLong();
      seriesRefunds += p.path("refunds").asLong();
      seriesOrders += p.path("orders").asLong();
    }
    assertEquals(gross, seriesGross, why);
    assertEquals(refunds, seriesRefunds, why);
    assertEquals(orders, seriesOrders, why);
    Map<String, long[]> answered = new TreeMap<>();
    for (JsonNode i : answer.path("top_items")) {
      answered.put(
          i.path("name").asText(),
          new long[] {i.path("count").asLong(), i.path("revenue").asLong()});
    }
    assertEquals(items.keySet(), answered.keySet(), why);
    items.forEach(
        (name, t) ->
            assertEquals(
                List.of(t[0], t[1]), List.of(answered.get(name)[0], answered.get(name)[1]), name));
    for (var stage : stages.entrySet()) {
      JsonNode s = answer.path("stage_seconds").path(stage.getKey());
      List<Double> d = stage.getValue().stream().sorted().toList();
      assertEquals(d.size(), s.path("count").asLong(), stage.getKey() + " " + why);
      if (d.isEmpty()) {
        assertTrue(s.path("avg").isNull() && s.path("p90").isNull(), why);
        continue;
      }
      double avg = d.stream().mapToDouble(Double::doubleValue).sum() / d.size();
      assertEquals(avg, s.path("avg").asDouble(), 0.051, stage.getKey() + " " + why);
      double p90 = d.get((int) Math.ceil(0.9 * d.size()) - 1);
      long upper = upperEdge(p90);
      assertEquals(upper, s.path("p90").asLong(), stage.getKey() + " " + why);
    }
  }

  /** The upper edge of the histogram bucket holding {@code s} seconds (docs/api.md). */
  static long upperEdge(double s) {
    if (s < 600) {
      return (long) Math.floor(s / 5) * 5 + 5;
    }
    if (s < 7200) {
      return (long) Math.floor(s / 60) * 60 + 60;
    }
    return (long) Math.floor(s / 600) * 600 + 600;
  }

  static double seconds(Instant a, Instant b) {
    return java.time.Duration.between(a, b).toNanos() / 1e9;
  }

  static void csvIsTheSeries(JsonNode json) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + server.port()
                                + "/api/v1/restaurants/me/analytics?from="
                                + SUNDAY
                                + "&to="
                                + MONDAY
                                + "&granularity=day"))
                    .header("Authorization", "Bearer " + a.token())
                    .header("Accept", "text/csv")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r::body);
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    String[] lines = r.body().split("\r\n");
    assertEquals("start,orders,sales,gross,refunds,net", lines[0]);
    assertEquals(1 + json.path("series").size(), lines.length, r::body);
    assertEquals("2026-11-29T00:00+09:00,7,5,49000,7000,42000", lines[1]);
    assertEquals("2026-11-30T00:00+09:00,1,1,4000,2000,2000", lines[2]);
  }

  @Test
  void badQueriesAreProblemsNamingTheirFields() {
    expectProblem("?from=2026-13-01&to=2026-11-30", "from");
    expectProblem("?from=2026-11-30&to=2026-11-29", "to");
    expectProblem("?from=2026-01-01&to=2026-02-01&granularity=hour", "to");
    expectProblem("?from=2026-01-01&to=2027-01-02&granularity=day", "to");
    expectProblem("?from=2026-11-29&to=2026-11-29&granularity=minute", "granularity");
    expectProblem("?from=2026-11-29", "to");
    expectProblem("?to=2026-11-29", "from");
    assertEquals(
        200,
        api.get(
                "/api/v1/restaurants/me/analytics?from=2026-01-01&to=2027-01-01&granularity=week",
                a.token())
            .status(),
        "366 days is the cap, both ends included");
    Api.Response none = api.get("/api/v1/restaurants/me/analytics", a.token());
    assertEquals(200, none.status(), none::toString);
    assertEquals(7, none.json().path("series").size(), "the last seven days by default");
    Api.Response admin =
        api.get(
            "/api/v1/admin/analytics?from=2026-01-01&to=2026-12-31&limit=0",
            AnalyticsOverHttpTest.admin);
    assertEquals(400, admin.status(), admin::toString);
    assertEquals(2, admin.json().path("errors").size(), admin::toString);
  }

  static void expectProblem(String query, String field) {
    Api.Response r = api.get("/api/v1/restaurants/me/analytics" + query, a.token());
    assertEquals(400, r.status(), query + " " + r);
    assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r::toString);
    List<String> fields = new ArrayList<>();
    r.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertTrue(fields.contains(field), query + " " + r);
  }

  @Test
  void onlyTheOwnerReadsTheRestaurantsNumbersAndOnlyAdminsThePlatforms() {
    String path = "/api/v1/restaurants/me/analytics?from=2026-11-29&to=2026-11-29";
    assertEquals(401, api.get(path, null).status());
    assertEquals(403, api.get(path, staffOfA).status());
    assertEquals(403, api.get(path, admin).status());
    assertEquals(200, api.get(path, a.token()).status());
    String platform = "/api/v1/admin/analytics?from=2026-11-29&to=2026-11-29";
    assertEquals(401, api.get(platform, null).status());
    assertEquals(403, api.get(platform, a.token()).status());
    assertEquals(403, api.get(platform, staffOfA).status());
    assertEquals(200, api.get(platform, admin).status());
    // B's owner reads B's numbers only: nothing of A.
    Api.Response ofB = api.get(path, b.token());
    assertEquals(200, ofB.status());
    assertEquals(1, ofB.json().path("orders").asLong(), ofB::toString);
    assertFalse(ofB.raw().body().contains(kimbap));
  }

  static void platformViewAddsUpEveryRestaurant() {
    Api.Response r =
        api.get("/api/v1/admin/analytics?from=" + SUNDAY + "&to=" + MONDAY + "&limit=1", admin);
    assertEquals(200, r.status(), r::toString);
    assertEquals(2, r.json().path("restaurants").asInt());
    assertEquals(1, r.json().path("data").size(), "one page of one");
    JsonNode first = r.json().path("data").get(0);
    assertEquals(a.restaurantId(), first.path("restaurant_id").asText(), "highest gross first");
    assertEquals(53000, first.path("revenue").path("gross").asLong());
    assertEquals(9000, first.path("revenue").path("refunds").asLong());
    assertEquals(8, first.path("orders").asLong());
    JsonNode totals = r.json().path("totals");
    assertEquals(9, totals.path("orders").asLong(), r::toString);
    assertEquals(53000 + 7000, totals.path("revenue").path("gross").asLong());
    assertEquals(51000, totals.path("revenue").path("net").asLong());
    Api.Response second =
        api.get(
            "/api/v1/admin/analytics?from=" + SUNDAY + "&to=" + MONDAY + "&limit=1&offset=1",
            admin);
    assertEquals(
        b.restaurantId(), second.json().path("data").get(0).path("restaurant_id").asText());
  }

  /** A recording outbox standing in for the notification pipeline's. */
  static final class RecordingOutbox implements NotificationOutbox {
    final List<Notification> recorded = new CopyOnWriteArrayList<>();

    @Override
    public void enqueue(Notification notification) {
      recorded.add(notification);
    }
  }

  static void reportsGoOutOnceAtTheirTimeToOwnersWhoWantThem() throws Exception {
    // Monday 00:10: Sunday's report waits for 04:00 (the restaurant set no hours).
    RecordingOutbox early = new RecordingOutbox();
    assertEquals(0, server.orderSync().sendReportsNow(early).daily());
    assertEquals(List.of(), early.recorded);

    // Monday 09:05, a third instance: Sunday's report and last week's summary are due.
    server.stopServerOnly();
    server = start(server.database(), "2026-11-30T00:05:00Z");
    signInAgain();
    // A restaurant opened this Monday gets no report of the Sunday or the week before it existed.
    story.anOwnerWithARestaurant("월요일에 연 식당");
    RecordingOutbox outbox = new RecordingOutbox();
    OrderSyncServer s = server.orderSync();
    var sent = s.sendReportsNow(outbox);
    assertEquals(1, sent.daily(), outbox.recorded::toString);
    assertEquals(1, sent.weekly(), outbox.recorded::toString);
    Notification daily =
        outbox.recorded.stream()
            .filter(n -> n.kind() == NotificationKind.DAILY_REPORT)
            .findFirst()
            .orElseThrow();
    assertEquals("daily-report:" + a.restaurantId() + ":2026-11-29", daily.sourceId());
    assertEquals(a.restaurantId(), daily.restaurantId().toString());
    assertEquals(a.email(), daily.message().to());
    String body = daily.message().body();
    assertTrue(daily.message().subject().contains("2026년 11월 29일 (일)"), daily.message()::subject);
    assertTrue(body.contains("주문 7건 (취소 2건, 거절 1건)"), body);
    assertTrue(body.contains("총매출 49,000원"), body);
    assertTrue(body.contains("순매출 42,000원"), body);
    // The settlement: Toss payments approved on Sunday (o5, o6, o7) and Sunday's refunds.
    assertTrue(body.contains("결제 3건 31,000원 / 환불 2건 7,000원"), body);
    assertTrue(body.contains("1. 라면 5개 (25,000원)"), body);
    Notification weekly =
        outbox.recorded.stream()
            .filter(n -> n.kind() == NotificationKind.WEEKLY_REPORT)
            .findFirst()
            .orElseThrow();
    assertEquals("weekly-report:" + a.restaurantId() + ":2026-11-23", weekly.sourceId());
    assertTrue(weekly.message().body().contains("주문 7건 (지난주 기록 없음)"), weekly.message()::body);
    assertTrue(weekly.message().body().contains("일 42,000원 (7건)"), weekly.message()::body);
    assertTrue(
        outbox.recorded.stream()
            .noneMatch(n -> n.restaurantId().toString().equals(b.restaurantId())),
        "B's owner turned both off");
    RecordingOutbox again = new RecordingOutbox();
    var rerun = s.sendReportsNow(again);
    assertEquals(0, rerun.daily() + rerun.weekly());
    assertEquals(List.of(), again.recorded, "a rerun sends nothing twice");
    Api.Response mine = api.get("/api/v1/restaurants/me", b.token());
    assertEquals(false, mine.json().path("daily_report").asBoolean(true), mine::toString);
    assertNotNull(mine.json().get("weekly_report"));
  }

  // --- the script's steps

  static TestServer start(dev.ordersync.server.TestDatabase db, String now) {
    Map<String, String> env = new HashMap<>();
    env.put("ORDERSYNC_KEYS_DIR", keys.toString());
    env.put("ORDERSYNC_FAKE_NOW", now);
    // The rollups are brought up by the test itself, at the moments it checks.
    env.put("ORDERSYNC_ANALYTICS_ROLLUP_SECONDS", "0");
    env.put("ORDERSYNC_TOSS_SECRET_KEY", toss.secretKey());
    env.put("ORDERSYNC_TOSS_API_URL", toss.uri().toString());
    return db == null
        ? TestServer.start(env)
        : TestServer.startOn(db, env, OrderSyncServer.Limits.none());
  }

  /** On a new instance nine hours later, the access tokens of the last one have expired. */
  static void signInAgain() {
    api = server.api();
    story = new Scenario(api);
    a = new Scenario.Owner(a.email(), loginFor(a), a.restaurantId());
    b = new Scenario.Owner(b.email(), loginFor(b), b.restaurantId());
    staffOfA = loginFor(new Scenario.Owner(staffEmail, null, a.restaurantId()));
    admin = story.login(adminEmail);
  }

  static String loginFor(Scenario.Owner owner) {
    Api.Response r =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\""
                + owner.email()
                + "\",\"password\":\"correct horse battery\",\"restaurant_id\":\""
                + owner.restaurantId()
                + "\"}",
            null);
    assertEquals(200, r.status(), r::toString);
    return r.text("access_token");
  }

  static String staffOf(Scenario.Owner owner) {
    String email = "staff-" + UUID.randomUUID() + "@example.kr";
    staffEmail = email;
    Api.Response added =
        api.post(
            "/api/v1/restaurants/me/staff",
            "{\"email\":\"" + email + "\",\"name\":\"박지훈\",\"password\":\"correct horse battery\"}",
            owner.token());
    assertEquals(201, added.status(), added::toString);
    return loginFor(new Scenario.Owner(email, null, owner.restaurantId()));
  }

  static String anAdmin() {
    String email = "admin-" + UUID.randomUUID() + "@example.kr";
    adminEmail = email;
    server
        .application()
        .createAdmin()
        .handle(CreateAdmin.Command.from(email, "Admin", "correct horse battery"));
    return story.login(email);
  }

  static String order(String item, int quantity) {
    Api.Response r = story.anAnonymousOrder(a.restaurantId(), item, quantity);
    assertEquals("PLACED", r.text("status"), r::toString);
    return r.text("id");
  }

  static String paidOrder(String item, int quantity) {
    Api.Response o =
        api.post("/api/v1/orders", Scenario.orderBody(a.restaurantId(), item, quantity), null);
    assertEquals(201, o.status(), o::toString);
    String key = "tpk_" + UUID.randomUUID().toString().replace("-", "");
    long total = o.json().path("total").asLong();
    toss.authorize(key, o.text("id"), total, "카드");
    Api.Response paid =
        api.post(
            "/api/v1/payments/confirm",
            "{\"payment_key\":\""
                + key
                + "\",\"order_id\":\""
                + o.text("id")
                + "\",\"amount\":"
                + total
                + "}",
            o.text("order_token"));
    assertEquals(200, paid.status(), paid::toString);
    return o.text("id");
  }

  static void paymentMode(Scenario.Owner owner, String mode) {
    assertEquals(
        200,
        api.send(
                "PATCH",
                "/api/v1/restaurants/me",
                "{\"payment_mode\":\"" + mode + "\"}",
                owner.token(),
                null,
                null)
            .status());
  }

  static void move(Scenario.Owner owner, String order, String... steps) {
    for (String step : steps) {
      Api.Response r = post(owner, order, step, null);
      assertEquals(200, r.status(), step + " " + r);
    }
  }

  static Api.Response post(Scenario.Owner owner, String order, String step, String body) {
    return api.post(
        "/api/v1/restaurants/me/orders/" + ids.get(order) + "/" + step, body, owner.token());
  }

  static JsonNode analytics(LocalDate from, LocalDate to, String granularity) {
    Api.Response r =
        api.get(
            "/api/v1/restaurants/me/analytics?from="
                + from
                + "&to="
                + to
                + "&granularity="
                + granularity,
            a.token());
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  static List<Map<String, Object>> rows(Connection c, String sql, String param) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      List<Map<String, Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new HashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          }
          out.add(row);
        }
      }
      return out;
    }
  }
}
