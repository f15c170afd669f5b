package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules (ops/prometheus/alerts.yml) are valid, pass their unit tests with synthetic
 * series (alerts_test.yml: what must fire and what must not), and each has its runbook in
 * docs/operations.md. That their metrics exist is MetricsScrapeTest's to check.
 */
class AlertRulesTest {
  static final Path OPS = Path.of("..", "ops", "prometheus");

  @Test
  void promtoolAcceptsTheRulesAndTheExampleConfiguration() {
    Promtool.assumeInstalled();
    Promtool.Result rules = Promtool.run(null, "check", "rules", "ops/prometheus/alerts.yml");
    assertEquals(0, rules.exit(), rules.output());
    Promtool.Result config = Promtool.run(null, "check", "config", "ops/prometheus/prometheus.yml");
    assertEquals(0, config.exit(), config.output());
  }

  @Test
  void theAlertsFireOnTheirSyntheticSeriesAndOnlyThere() {
    Promtool.assumeInstalled();
    Promtool.Result r = Promtool.run(null, "test", "rules", "ops/prometheus/alerts_test.yml");
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("SUCCESS"), r.output());
  }

  @Test
  void everyAlertIsUnitTestedAndHasARunbook() throws IOException {
    List<Map<String, Object>> alerts = alerts();
    assertTrue(alerts.size() >= 12, "the seed's immediate alerts: " + alerts.size());
    String tests = Files.readString(OPS.resolve("alerts_test.yml"));
    String operations = Files.readString(Path.of("..", "docs", "operations.md"));
    for (Map<String, Object> rule : alerts) {
      String name = (String) rule.get("alert");
      assertTrue(tests.contains("alertname: " + name), name + " has a unit test");
      assertTrue(
          operations.contains("#### " + name), name + " has a runbook in docs/operations.md");
      @SuppressWarnings("unchecked")
      Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
      assertEquals(
          "docs/operations.md#" + name.toLowerCase(java.util.Locale.ROOT),
          annotations.get("runbook"));
      @SuppressWarnings("unchecked")
      Map<String, String> labels = (Map<String, String>) rule.get("labels");
      assertTrue(Set.of("page", "ticket").contains(labels.get("severity")), name);
    }
  }

  /** Every alerting rule of alerts.yml. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alerts() throws IOException {
    Map<String, Object> doc = new Yaml().load(Files.readString(OPS.resolve("alerts.yml")));
    return ((List<Map<String, Object>>) doc.get("groups"))
        .stream()
            .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
            .filter(r -> r.containsKey("alert"))
            .toList();
  }
}
