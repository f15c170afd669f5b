package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Helidon's listener announces its own end ("this server socket is terminating now") and nothing
 * else: the watch acts on that line only, and leaves the line in the log.
 */
class ListenerWatchTest {
  final Logger helidon = Logger.getLogger(ListenerWatch.HELIDON_LISTENER);

  @AfterEach
  void noAction() {
    ListenerWatch.onListenerDeath(() -> {});
  }

  @Test
  void aListenerThatStopsByItselfRunsTheActionOnce() {
    ListenerWatch.install();
    ListenerWatch.install();
    AtomicInteger deaths = new AtomicInteger();
    ListenerWatch.onListenerDeath(deaths::incrementAndGet);

    helidon.log(Level.INFO, "[0x1] http://127.0.0.1:8080 bound for socket '@default'");
    helidon.log(Level.INFO, "[0x1] @default socket closed.");
    assertEquals(0, deaths.get());

    helidon.log(
        Level.SEVERE,
        "Got a throwable while listening, this server socket is terminating now",
        new java.io.IOException("Too many open files"));
    assertEquals(1, deaths.get());
  }
}
