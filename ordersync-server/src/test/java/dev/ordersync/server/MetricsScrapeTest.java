package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Prometheus scrapes from a running server, after some ordinary traffic: a text promtool finds
 * nothing wrong with, served on the management listener only, with the per-route histogram under
 * route templates, and every metric the Grafana dashboard and the alert rules query present in it
 * (so they cannot drift from the code).
 */
class MetricsScrapeTest {
  // With Redis, as deployments of more than one instance run: its gauges are scraped too.
  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(
          Map.of(
              "ORDERSYNC_REDIS_URL",
              "redis://127.0.0.1:6379",
              "ORDERSYNC_REDIS_KEY_PREFIX",
              "ordersync-test-" + UUID.randomUUID() + ":",
              "ORDERSYNC_AUDIT_VERIFY_INTERVAL",
              "PT1S"));

  static final Api api = server.api();
  static final Path OPS = Path.of("..", "ops");

  /** Metrics the rules query that this server does not make: {@code up} is Prometheus's own. */
  static final Set<String> NOT_FROM_THIS_SCRAPE = Set.of("up");

  /** Before and after the traffic: the counters are the process's, summed over earlier tests. */
  static String before;

  static String scrape;

  @BeforeAll
  static void someTraffic() throws Exception {
    before = server.metrics();
    Scenario story = server.scenario();
    Scenario.Owner owner = story.anOwnerWithARestaurant("Scrape Noodles");
    String item = story.anItem(owner, "Naengmyeon", 11000, null);
    Api.Response placed = story.anAnonymousOrder(owner.restaurantId(), item, 2);
    String id = placed.text("id");
    Api.Response accepted =
        api.post(
            "/api/v1/restaurants/me/orders/" + id + "/accept",
            "{\"prep_minutes\":15}",
            owner.token());
    assertEquals(200, accepted.status(), accepted::toString);
    assertEquals(401, api.get("/api/v1/orders/" + UUID.randomUUID(), null).status());
    assertEquals(404, api.get("/no/such/" + UUID.randomUUID(), null).status());
    Api.Response wrong =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\"" + owner.email() + "\",\"password\":\"not the password at all\"}",
            null);
    assertEquals(401, wrong.status(), wrong::toString);
    try (LiveClient ws =
        LiveClient.connect(
            server.port(), "/ws/orders/" + id + "/status?access_token=not-a-token")) {
      assertEquals(4401, ws.closeCode(5));
    }
    scrape = server.metrics();
  }

  @Test
  void promtoolFindsNothingWrongWithTheScrape() {
    Promtool.assumeInstalled();
    Promtool.Result r = Promtool.run(scrape, "check", "metrics");
    assertEquals(0, r.exit(), r.output());
    assertEquals("", r.output().strip(), "promtool check metrics says nothing");
  }

  @Test
  void noQuantilesAndNoCamelCaseAnywhere() {
    assertFalse(scrape.contains("quantile="), "quantiles computed in the process");
    for (String name : sampleNames(scrape)) {
      assertTrue(name.matches("[a-z][a-z0-9_]*"), "snake case: " + name);
    }
  }

  @Test
  void everyRequestIsTimedUnderItsRouteTemplateNeverItsPath() {
    assertTrue(scrape.contains("# TYPE http_server_request_duration_seconds histogram"), scrape);
    String accept = "method=\"POST\",route=\"/api/v1/restaurants/me/orders/{id}/accept\"";
    for (String suffix : List.of("_bucket", "_sum", "_count")) {
      assertTrue(
          Metrics.value(
                  scrape,
                  "http_server_request_duration_seconds" + suffix,
                  "route=\"/api/v1/restaurants/me/orders/{id}/accept\"",
                  "status=\"200\"")
              .isPresent(),
          suffix + " of " + accept);
    }
    assertEquals(
        1.0,
        delta(
            "http_server_request_duration_seconds_count",
            "method=\"POST\"",
            "route=\"/api/v1/orders\"",
            "status=\"201\""),
        "the one order placed");
    assertTrue(
        Metrics.value(
                scrape,
                "http_server_request_duration_seconds_count",
                "route=\"/api/v1/orders/{id}\"",
                "status=\"401\"")
            .isPresent());
    assertTrue(
        Metrics.value(
                scrape,
                "http_server_request_duration_seconds_count",
                "route=\"unmatched\"",
                "status=\"404\"")
            .isPresent(),
        "a made-up path is one series, not one per path");
    Matcher uuid =
        Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
            .matcher(scrape);
    assertFalse(uuid.find(), "no id in any label: " + (uuid.find(0) ? uuid.group() : ""));
  }

  @Test
  void theProductMetersCountWhatHappened() {
    assertEquals(1.0, delta("ordersync_order_status_changes_total", "status=\"accepted\""));
    assertEquals(1.0, delta("ordersync_order_status_changes_total", "status=\"placed\""));
    assertEquals(22000.0, delta("ordersync_revenue_won_total"), "two at 11000 won");
    assertEquals(0.0, delta("ordersync_refunds_won_total"));
    assertEquals(1.0, delta("ordersync_security_events_total", "type=\"login_failed\""));
    assertEquals(1.0, delta("ordersync_ws_closes_total", "code=\"4401\""));
    assertTrue(
        Metrics.value(scrape, "ordersync_db_pool_max_connections", "pool=\"main\"").orElseThrow()
            == 8);
    assertEquals(1.0, Metrics.value(scrape, "ordersync_db_up").orElseThrow());
    assertTrue(
        delta("ordersync_group_commit_batch_size_count") >= 1,
        "the order went through group commit");
  }

  @Test
  void theAuditChainIsVerifiedInTheBackgroundAndTheGaugeSaysIntact() throws Exception {
    String now = server.metrics();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (intactVerifications(now) < intactVerifications(before) + 1
        && System.nanoTime() < deadline) {
      Thread.sleep(250);
      now = server.metrics();
    }
    assertTrue(
        intactVerifications(now) >= intactVerifications(before) + 1,
        "a verification every second (ORDERSYNC_AUDIT_VERIFY_INTERVAL=PT1S)");
    assertEquals(1.0, Metrics.value(now, "ordersync_audit_chain_intact").orElseThrow());
    assertTrue(
        Metrics.value(now, "ordersync_audit_last_verification_timestamp_seconds").orElseThrow()
            > 1.7e9);
  }

  private static double intactVerifications(String text) {
    return Metrics.value(text, "ordersync_audit_verifications_total", "result=\"intact\"")
        .orElse(0.0);
  }

  @Test
  void thePublicPortHasNoMetricsAndTheManagementPortNothingElse() throws Exception {
    for (String path : List.of("/observe/metrics", "/observe/metrics/application")) {
      assertEquals(404, api.get(path, null).status(), path + " on the public port");
    }
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/api/v1/orders/" + UUID.randomUUID(), "/", "/observe/health")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.managementPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(404, r.statusCode(), path + " on the management port");
    }
  }

  @Test
  void theDashboardIsJsonAndQueriesOnlyMetricsThatExist() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(Files.readString(OPS.resolve("grafana/ordersync.json")));
    List<String> exprs = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
    assertTrue(exprs.size() >= 10, "the dashboard's queries: " + exprs);
    Set<String> queried = assertAllExist(exprs, "ops/grafana/ordersync.json");
    for (String golden :
        List.of(
            "http_server_request_duration_seconds_bucket",
            "ordersync_db_pool_connections",
            "ordersync_ws_open",
            "ordersync_revenue_won_total",
            "ordersync_payments_declined_total")) {
      assertTrue(queried.contains(golden), golden + " on the dashboard: " + queried);
    }
  }

  @Test
  void theAlertRulesQueryOnlyMetricsThatExist() throws IOException {
    List<String> exprs =
        AlertRulesTest.alerts().stream().map(r -> String.valueOf(r.get("expr"))).toList();
    assertTrue(exprs.size() >= 12, "the alerts' expressions: " + exprs);
    assertTrue(
        assertAllExist(exprs, "ops/prometheus/alerts.yml").contains("ordersync_db_up"),
        "the names are read from the expressions");
  }

  /** Fails unless every metric the expressions query is in the scrape; returns them. */
  private static Set<String> assertAllExist(List<String> exprs, String where) {
    Set<String> present = sampleNames(scrape);
    Set<String> missing = new TreeSet<>();
    Set<String> queried = new TreeSet<>();
    for (String expr : exprs) {
      for (String name : PromQl.metricNames(expr)) {
        queried.add(name);
        if (!present.contains(name) && !NOT_FROM_THIS_SCRAPE.contains(name)) {
          missing.add(name);
        }
      }
    }
    assertTrue(
        missing.isEmpty(), where + " queries metrics the server does not expose: " + missing);
    return queried;
  }

  /** How much a sample grew with this class's traffic (a sample not there before counts from 0). */
  static double delta(String name, String... labels) {
    return Metrics.value(scrape, name, labels).orElseThrow(() -> new AssertionError(name))
        - Metrics.value(before, name, labels).orElse(0.0);
  }

  /** The names of the samples in a Prometheus text. */
  static Set<String> sampleNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
