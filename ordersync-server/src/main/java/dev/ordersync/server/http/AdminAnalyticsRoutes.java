package dev.ordersync.server.http;

import dev.ordersync.core.analytics.GetPlatformAnalytics;
import dev.ordersync.core.analytics.SalesFigures;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/admin/analytics?from=&to=&limit=&offset=}: every restaurant's numbers for an
 * administrator: the platform's totals and one page of restaurants, highest gross first.
 */
public final class AdminAnalyticsRoutes implements HttpService {
  private static final int DEFAULT_LIMIT = 50;

  private final GetPlatformAnalytics platform;
  private final Authenticator auth;
  private final java.time.Clock clock;

  public AdminAnalyticsRoutes(
      GetPlatformAnalytics platform, Authenticator auth, java.time.Clock clock) {
    this.platform = platform;
    this.auth = auth;
    this.clock = clock;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::get);
  }

  private void get(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    platform.authorize(caller);
    var q = req.query();
    List<FieldError> errors = new ArrayList<>();
    String rawFrom = q.first("from").asOptional().orElse(null);
    String rawTo = q.first("to").asOptional().orElse(null);
    LocalDate from = date(rawFrom, "from", errors);
    LocalDate to = date(rawTo, "to", errors);
    if (rawFrom == null && rawTo == null) {
      // Seven days up to today in Seoul, the platform's home.
      to =
          clock
              .instant()
              .atZone(dev.ordersync.core.restaurant.Restaurant.DEFAULT_TIME_ZONE)
              .toLocalDate();
      from = to.minusDays(6);
    }
    int limit = number(q.first("limit").asOptional().orElse(null), "limit", DEFAULT_LIMIT, errors);
    int offset = number(q.first("offset").asOptional().orElse(null), "offset", 0, errors);
    GetPlatformAnalytics.Query query;
    try {
      DomainException.Invalid.throwIfAny(errors);
      query = new GetPlatformAnalytics.Query(from, to, limit, offset);
    } catch (DomainException.Invalid e) {
      throw new HttpProblem(400, "invalid_parameter", AnalyticsRoutes.describe(e), e.errors());
    }
    SalesFigures.PlatformPage page = platform.handle(caller, query);
    var body = new LinkedHashMap<String, Object>();
    body.put("from", from.toString());
    body.put("to", to.toString());
    body.put("restaurants", page.restaurants());
    body.put("limit", limit);
    body.put("offset", offset);
    body.put("totals", totals(page.totals()));
    body.put(
        "data",
        page.rows().stream()
            .map(
                r -> {
                  var m = new LinkedHashMap<String, Object>();
                  m.put("restaurant_id", r.restaurantId().toString());
                  m.put("name", r.name());
                  m.put("time_zone", r.timeZone().getId());
                  m.putAll(totals(r));
                  return m;
                })
            .toList());
    Exchange.send(res, Status.OK_200, body);
  }

  private static Map<String, Object> totals(SalesFigures.RestaurantTotals t) {
    var m = new LinkedHashMap<String, Object>();
    m.put("orders", t.orders());
    m.put("sales", t.sales());
    m.put("canceled", t.canceled());
    m.put("rejected", t.rejected());
    m.put(
        "revenue",
        Map.of("gross", t.gross(), "refunds", t.refunds(), "net", t.gross() - t.refunds()));
    return m;
  }

  private static LocalDate date(String raw, String field, List<FieldError> errors) {
    if (raw == null) {
      return null;
    }
    try {
      return LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be a date such as 2026-12-07"));
      return null;
    }
  }

  private static int number(String raw, String field, int absent, List<FieldError> errors) {
    if (raw == null) {
      return absent;
    }
    try {
      return Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      errors.add(new FieldError(field, "must be a whole number"));
      return absent;
    }
  }
}
