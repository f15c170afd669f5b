package dev.ordersync.server.http;

import dev.ordersync.core.payment.ConfirmPayment;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.PaymentViews.PaymentResultView;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.util.UUID;

/**
 * {@code /api/v1/payments}: the customer confirms the payment made in Toss's payment window, with
 * the order's token (or the account that placed it), or with no credential at all when Toss's own
 * record ties the payment key to the order. 200 when paid (the order is placed), 202 when Toss did
 * not answer in time and the payment is {@code CONFIRMING} (send the same request again, or watch
 * the order). Repeating a confirm is always safe: it never charges twice, so no Idempotency-Key is
 * needed.
 */
public final class PaymentRoutes implements HttpService {
  /**
   * What the guest's page needs to open Toss's payment window: the client key (null: online payment
   * is off here) and the script's URL.
   */
  public record Window(String clientKey, URI scriptUrl) {}

  /** The answer of {@code GET /payments/window}. */
  record WindowView(String clientKey, String scriptUrl) {}

  private final ConfirmPayment confirm;
  private final Authenticator auth;
  private final Exchange exchange;
  private final Window window;

  public PaymentRoutes(
      ConfirmPayment confirm, Authenticator auth, int maxBodyBytes, Window window) {
    this.confirm = confirm;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
    this.window = window;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/confirm", this::confirm).get("/window", this::window);
  }

  /**
   * Public: the client key is meant for browsers (Toss's {@code test_ck_}/{@code live_ck_} keys are
   * the public half); without one the page must not offer online payment, so it is told so with a
   * 404 problem {@code online_payment_unavailable}: this server has no payment window, which is its
   * configuration and not an outage (a 5xx would be retried and counted as one).
   */
  private void window(ServerRequest req, ServerResponse res) {
    if (window.clientKey() == null) {
      throw new HttpProblem(
          404,
          "online_payment_unavailable",
          "online payment is not configured on this server; pay at the counter");
    }
    res.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
    Exchange.send(
        res, Status.OK_200, new WindowView(window.clientKey(), window.scriptUrl().toString()));
  }

  private void confirm(ServerRequest req, ServerResponse res) {
    JsonBody body = exchange.body(req, true).allow("payment_key", "order_id", "amount");
    UUID orderId = body.uuid("order_id");
    ConfirmPayment.Result result =
        confirm.handle(
            orderId == null ? auth.caller(req) : auth.callerFor(req, orderId),
            ConfirmPayment.Command.from(
                body.string("payment_key"), orderId, body.integer("amount")));
    Exchange.send(
        res, result.pending() ? Status.ACCEPTED_202 : Status.OK_200, PaymentResultView.of(result));
  }
}
