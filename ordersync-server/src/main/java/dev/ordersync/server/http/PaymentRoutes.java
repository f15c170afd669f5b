package dev.ordersync.server.http;

import dev.ordersync.core.payment.ConfirmPayment;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.json.PaymentViews.PaymentResultView;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
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
  private final ConfirmPayment confirm;
  private final Authenticator auth;
  private final Exchange exchange;

  public PaymentRoutes(ConfirmPayment confirm, Authenticator auth, int maxBodyBytes) {
    this.confirm = confirm;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/confirm", this::confirm);
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
