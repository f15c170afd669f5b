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
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code /api/v1/restaurants/me/settlements?date=YYYY-MM-DD}: one day of online payments, for the
 * owner; {@code ?from=YYYY-MM-DD&to=YYYY-MM-DD}: each day of a range (a chart).
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

  /**
   * {@code ?date=} (or nothing: today) answers one day as before; {@code ?from=&to=} answers each
   * day of the range, both included, at most 62 ({@code {"from", "to", "time_zone", "days": [day,
   * ...]}}, each day shaped like the one-day answer).
   */
  private void day(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    settlement.authorize(caller);
    LocalDate from = date(req, "from");
    LocalDate to = date(req, "to");
    if (from != null || to != null) {
      if (from == null || to == null) {
        throw HttpProblem.field(
            "invalid_parameter", from == null ? "from" : "to", "from and to go together");
      }
      if (req.query().first("date").isPresent()) {
        throw HttpProblem.field("invalid_parameter", "date", "ask for a date or a range, not both");
      }
      List<SettlementView> days =
          settlement.days(caller, from, to).stream().map(SettlementView::of).toList();
      var body = new LinkedHashMap<String, Object>();
      body.put("from", from.toString());
      body.put("to", to.toString());
      body.put("time_zone", days.isEmpty() ? null : days.getFirst().timeZone());
      body.put("days", days);
      Exchange.send(res, Status.OK_200, body);
      return;
    }
    Exchange.send(
        res, Status.OK_200, SettlementView.of(settlement.handle(caller, date(req, "date"))));
  }

  private static LocalDate date(ServerRequest req, String name) {
    String raw = req.query().first(name).asOptional().orElse(null);
    if (raw == null) {
      return null;
    }
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw HttpProblem.field("invalid_parameter", name, "must be a date such as 2026-11-24");
    }
  }
}
