package dev.ordersync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.payment.SyncPayment;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code /api/v1/webhooks/toss}: Toss's {@code PAYMENT_STATUS_CHANGED} events. Payment webhooks are
 * not signed, so nothing in the body is believed: only its payment key is read, and the payment is
 * fetched from Toss again before anything is done. Answered 200 once handled (or when there is
 * nothing to do), 503 when Toss cannot be asked now, so Toss sends it again later.
 */
public final class TossWebhookRoutes implements HttpService {
  private final SyncPayment sync;
  private final Exchange exchange;

  public TossWebhookRoutes(SyncPayment sync, int maxBodyBytes) {
    this.sync = sync;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/toss", this::receive);
  }

  private void receive(ServerRequest req, ServerResponse res) {
    byte[] raw = exchange.rawBody(req);
    String paymentKey = null;
    String orderId = null;
    JsonNode event;
    try {
      event = Json.tree(raw);
    } catch (IOException | RuntimeException e) {
      throw new HttpProblem(400, "malformed_json", "the body is not a Toss webhook event");
    }
    StorableText.check(event);
    try {
      JsonNode data = event.path("data").isObject() ? event.path("data") : event;
      if (data.path("paymentKey").isTextual()) {
        paymentKey = data.path("paymentKey").textValue();
      }
      if (data.path("orderId").isTextual()) {
        orderId = data.path("orderId").textValue();
      }
    } catch (RuntimeException e) {
      throw new HttpProblem(400, "malformed_json", "the body is not a Toss webhook event");
    }
    SyncPayment.Outcome outcome = sync.handle(paymentKey, orderId);
    Exchange.send(res, Status.OK_200, Map.of("result", outcome.name()));
  }
}
