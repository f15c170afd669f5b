package dev.ordersync.server.http;

import dev.ordersync.core.payment.GetSettlement;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.PaymentViews.SettlementView;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * {@code /api/v1/restaurants/me/settlements?date=YYYY-MM-DD}: one day of online payments, for the
 * owner.
 */
public final class SettlementRoutes implements HttpService {
  private final GetSettlement settlement;
  private final Authenticator auth;

  public SettlementRoutes(GetSettlement settlement, Authenticator auth) {
    this.settlement = settlement;
    this.auth = auth;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::day);
  }

  private void day(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    settlement.authorize(caller);
    String raw = req.query().first("date").asOptional().orElse(null);
    LocalDate date = null;
    if (raw != null) {
      try {
        date = LocalDate.parse(raw);
      } catch (DateTimeParseException e) {
        throw HttpProblem.field("invalid_parameter", "date", "must be a date such as 2026-11-24");
      }
    }
    Exchange.send(res, Status.OK_200, SettlementView.of(settlement.handle(caller, date)));
  }
}
