package dev.ordersync.server.http;

import dev.ordersync.core.analytics.AnalyticsRange;
import dev.ordersync.core.analytics.GetSalesAnalytics;
import dev.ordersync.core.analytics.SalesAnalytics;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/restaurants/me/analytics?from=&to=&granularity=hour|day|week}: the owner's numbers
 * as JSON, or the series as CSV for {@code Accept: text/csv}.
 */
public final class AnalyticsRoutes implements HttpService {
  static final String CSV = "text/csv; charset=utf-8";
  static final String CSV_HEADER = "start,orders,sales,gross,refunds,net";

  private final GetSalesAnalytics analytics;
  private final Authenticator auth;

  public AnalyticsRoutes(GetSalesAnalytics analytics, Authenticator auth) {
    this.analytics = analytics;
    this.auth = auth;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::get);
  }

  private void get(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    var today = analytics.authorize(caller);
    AnalyticsRange range = range(req, today);
    SalesAnalytics a = analytics.handle(caller, range);
    if (wantsCsv(req)) {
      res.status(Status.OK_200);
      res.header(HeaderNames.CONTENT_TYPE, CSV);
      res.header(
          HeaderNames.CONTENT_DISPOSITION,
          "attachment; filename=\"analytics-" + a.from() + "-" + a.to() + ".csv\"");
      res.send(csv(a).getBytes(StandardCharsets.UTF_8));
      return;
    }
    Exchange.send(res, Status.OK_200, view(a));
  }

  /** The query's dates and granularity; every bad one answered 400 with its field at once. */
  static AnalyticsRange range(ServerRequest req, java.time.LocalDate today) {
    var q = req.query();
    try {
      return AnalyticsRange.parse(
          q.first("from").asOptional().orElse(null),
          q.first("to").asOptional().orElse(null),
          q.first("granularity").asOptional().orElse(null),
          today);
    } catch (DomainException.Invalid e) {
      throw new HttpProblem(400, "invalid_parameter", describe(e), e.errors());
    }
  }

  static String describe(DomainException.Invalid e) {
    return String.join("; ", e.errors().stream().map(f -> f.field() + " " + f.message()).toList());
  }

  private static boolean wantsCsv(ServerRequest req) {
    return req.headers().first(HeaderNames.ACCEPT).stream()
        .flatMap(v -> java.util.Arrays.stream(v.split(",")))
        .map(v -> v.split(";")[0].strip().toLowerCase(Locale.ROOT))
        .anyMatch("text/csv"::equals);
  }

  /** One line per point of the series, after a header line (docs/api.md). */
  static String csv(SalesAnalytics a) {
    StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
    for (SalesAnalytics.Point p : a.series()) {
      out.append(p.start())
          .append(',')
          .append(p.orders())
          .append(',')
          .append(p.sales())
          .append(',')
          .append(p.gross())
          .append(',')
          .append(p.refunds())
          .append(',')
          .append(p.net())
          .append("\r\n");
    }
    return out.toString();
  }

  static Map<String, Object> view(SalesAnalytics a) {
    var body = new LinkedHashMap<String, Object>();
    body.put("from", a.from().toString());
    body.put("to", a.to().toString());
    body.put("time_zone", a.timeZone().getId());
    body.put("granularity", a.granularity().name().toLowerCase(Locale.ROOT));
    body.put("orders", a.orders());
    body.put("sales", a.sales());
    body.put("canceled", a.canceled());
    body.put("rejected", a.rejected());
    body.put("revenue", Map.of("gross", a.gross(), "refunds", a.refunds(), "net", a.net()));
    body.put("refund_count", a.refundCount());
    body.put("average_order_value", a.averageOrderValue());
    body.put("cancel_rate", a.cancelRate());
    body.put("reject_rate", a.rejectRate());
    body.put("top_items", items(a.topItems()));
    body.put("top_items_by_revenue", items(a.topItemsByRevenue()));
    body.put("by_hour", a.byHour());
    var stages = new LinkedHashMap<String, Object>();
    stages.put("placed_to_accepted", stage(a.placedToAccepted()));
    stages.put("accepted_to_ready", stage(a.acceptedToReady()));
    body.put("stage_seconds", stages);
    body.put(
        "series",
        a.series().stream()
            .map(
                p -> {
                  var m = new LinkedHashMap<String, Object>();
                  m.put("start", p.start().toString());
                  m.put("orders", p.orders());
                  m.put("sales", p.sales());
                  m.put("gross", p.gross());
                  m.put("refunds", p.refunds());
                  m.put("net", p.net());
                  return m;
                })
            .toList());
    return body;
  }

  private static List<Map<String, Object>> items(List<SalesAnalytics.Item> items) {
    return items.stream()
        .map(
            i -> {
              var m = new LinkedHashMap<String, Object>();
              m.put("menu_item_id", i.menuItemId().toString());
              m.put("name", i.name());
              m.put("count", i.count());
              m.put("revenue", i.revenue());
              return (Map<String, Object>) m;
            })
        .toList();
  }

  private static Map<String, Object> stage(SalesAnalytics.StageTimes t) {
    var m = new LinkedHashMap<String, Object>();
    m.put("count", t.count());
    m.put("avg", t.average());
    m.put("p90", t.p90());
    return m;
  }
}
