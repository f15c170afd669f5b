package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.ConnectionLimitsTest.Kind;
import dev.ordersync.server.ConnectionLimitsTest.RawConnections;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server full of connections that never send a request still lets new clients in: each new
 * connection closes the oldest one that is waiting for its headers or idle, instead of being
 * refused. (Filled here with a total of 300; bench/connections.sh fills the default total of 15,840
 * with 25,000.)
 */
class FullServerTest {
  static final int TOTAL = 300;

  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(
          Map.of(
              "ORDERSYNC_MAX_CONNECTIONS", String.valueOf(TOTAL),
              "ORDERSYNC_HEADER_TIMEOUT", "PT5M",
              "ORDERSYNC_IDLE_TIMEOUT", "PT5M"));

  @Test
  void aServerFullOfSilentConnectionsStillAnswersNewClients() throws Exception {
    long evictedBefore = evicted();
    try (RawConnections raw = new RawConnections(server.port())) {
      for (int i = 0; i < 3 * TOTAL; i++) {
        raw.open(Kind.values()[i % 3], "127.0.0." + (70 + i % 10));
      }
      long end = System.nanoTime() + 10_000_000_000L;
      while (raw.closedCount() < 2 * TOTAL && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      assertTrue(EdgeMetrics.open() <= TOTAL, "held: " + EdgeMetrics.open());
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        assertEquals(200, server.api().get("/observe/health", null).status());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "health took " + ms + " ms");
      }
      // The newest TOTAL (less the health check's own connection) are held; the older made room.
      assertTrue(
          raw.closedCount() >= 2 * TOTAL && raw.closedCount() <= 2 * TOTAL + 5,
          "closed: " + raw.closedCount());
      assertTrue(evicted() - evictedBefore >= 2 * TOTAL, "evicted: " + (evicted() - evictedBefore));
    }
  }

  private static long evicted() {
    return (long)
        Services.get(MeterRegistry.class)
            .counter(
                "ordersync.connections.dropped", List.of(Tag.create("reason", "evicted_when_full")))
            .map(c -> c.count())
            .orElse(0L);
  }
}
