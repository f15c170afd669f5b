package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The caps follow the process's file limit and never reach it. */
class ConnectionGateLimitsTest {
  static final ServerConfig.Connections DEFAULTS = ServerConfig.Connections.defaults();

  static ServerConfig.Connections total(int n) {
    return new ServerConfig.Connections(
        n, 0, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(75));
  }

  @Test
  void theDefaultTotalLeavesAReserveBelowTheFileLimit() {
    assertEquals(704, ConnectionGate.limitsFor(DEFAULTS, false, 1024).total());
    assertEquals(15_840, ConnectionGate.limitsFor(DEFAULTS, false, 20_000).total());
    assertEquals(50_000, ConnectionGate.limitsFor(DEFAULTS, false, 1_048_576).total());
    for (long files : new long[] {300, 1024, 4096, 20_000, 65_536}) {
      ConnectionGate.Limits limits = ConnectionGate.limitsFor(DEFAULTS, false, files);
      assertTrue(
          limits.acceptPermits() <= files - ConnectionGate.MIN_RESERVE || limits.total() == 16,
          files + ": " + limits);
    }
  }

  @Test
  void aTotalThatWouldLeaveTooFewDescriptorsIsRefused() {
    assertEquals(19_680, ConnectionGate.limitsFor(total(19_680), false, 20_000).total());
    var refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectionGate.limitsFor(total(19_681), false, 20_000));
    assertTrue(refused.getMessage().contains("at most 19680"), refused.getMessage());
  }

  @Test
  void perAddressIsTheTotalBehindAProxy() {
    assertEquals(256, ConnectionGate.limitsFor(DEFAULTS, false, 20_000).perAddress());
    assertEquals(15_840, ConnectionGate.limitsFor(DEFAULTS, true, 20_000).perAddress());
  }
}
