package dev.ordersync.bench;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP ceiling: the same Helidon web server as OrderSync with two trivial routes and nothing
 * behind them. {@code GET /ping} answers a word; {@code POST /orders} reads the body and answers
 * 201 with a JSON body the size of an order, which is what an order creation costs in HTTP alone
 * (no parsing, no database).
 *
 * <pre>java -jar ordersync-bench.jar hello --port 8089</pre>
 */
final class HelloServer {
  private static final byte[] ORDER =
      ("{\"id\":\"0190f0c2-7d2e-7000-8000-000000000000\",\"number\":\"A-0001\",\"restaurant_id\":"
              + "\"0190f0c2-7d2e-7000-8000-000000000001\",\"status\":\"PLACED\",\"version\":1,\"fulfillment\":\"TAKEOUT\","
              + "\"table\":null,\"note\":null,\"customer\":{\"name\":\"Lee\",\"phone\":\"010-9876-5432\"},\"items\":[{"
              + "\"menu_item_id\":\"0190f0c2-7d2e-7000-8000-000000000002\",\"name\":\"Fried chicken\",\"unit_price\":18000,"
              + "\"quantity\":2,\"line_total\":36000,\"options\":[]}],\"subtotal\":36000,\"discount\":0,\"total\":36000,"
              + "\"prep_minutes\":null,\"ready_by\":null,\"reason\":null,\"created_at\":\"2026-12-02T04:00:00Z\","
              + "\"updated_at\":\"2026-12-02T04:00:00Z\",\"order_token\":\"ot_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}")
          .getBytes(StandardCharsets.UTF_8);

  private HelloServer() {}

  static void main(AuthBench.Options options) {
    int port = options.integer("port", 8089);
    WebServer server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(port)
            .shutdownHook(true)
            .routing(
                r ->
                    r.get("/ping", (req, res) -> res.send("pong"))
                        .post(
                            "/orders",
                            (req, res) -> {
                              req.content().as(byte[].class);
                              res.status(Status.CREATED_201)
                                  .header(HeaderNames.CONTENT_TYPE, "application/json")
                                  .send(ORDER);
                            }))
            .build()
            .start();
    System.out.println("hello server on http://127.0.0.1:" + server.port());
  }
}
