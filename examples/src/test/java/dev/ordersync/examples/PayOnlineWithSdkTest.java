package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.sdk.Settlement;
import dev.ordersync.server.TestServer;
import dev.ordersync.server.toss.FakeToss;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The online payment example against a real server and the fake Toss server of ordersync-server's
 * tests.
 */
class PayOnlineWithSdkTest {
  @Test
  void theCustomerPaysTheOwnerRefundsAndTheSettlementAddsUp() {
    try (FakeToss toss = FakeToss.start("test_sk_examples");
        TestServer server =
            TestServer.start(
                Map.of(
                    "ORDERSYNC_TOSS_SECRET_KEY",
                    "test_sk_examples",
                    "ORDERSYNC_TOSS_API_URL",
                    toss.uri().toString()))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Settlement day =
          PayOnlineWithSdk.run(
              URI.create("http://127.0.0.1:" + server.port()),
              (orderId, amount) -> {
                String key = "tpk_" + UUID.randomUUID().toString().replace("-", "");
                toss.authorize(key, orderId, amount, "카드");
                return key;
              },
              new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(48_000, day.gross());
      assertEquals(4_000, day.refunds());
      assertEquals(1_632, day.fee(), "48000 x 0.034");
      assertEquals(48_000 - 4_000 - 1_632, day.net());
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("payment_amount_mismatch"));
    }
  }
}
