package dev.ordersync.server.http;

import dev.ordersync.core.restaurant.CreateRestaurant;
import dev.ordersync.core.restaurant.GetMyRestaurant;
import dev.ordersync.core.restaurant.GetRestaurant;
import dev.ordersync.core.restaurant.GuestText;
import dev.ordersync.core.restaurant.PaymentMode;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.RestaurantViews.RestaurantView;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/v1/restaurants}: a new restaurant, a restaurant's public profile, and the profile and
 * settings of the one the caller acts for ({@code /me}).
 */
public final class RestaurantRoutes implements HttpService {
  /** The use cases this resource calls. */
  public record UseCases(
      CreateRestaurant create,
      GetRestaurant get,
      GetMyRestaurant getMine,
      UpdateRestaurantSettings updateSettings,
      dev.ordersync.core.analytics.ChooseReports reports) {}

  private final UseCases use;
  private final TableQrCodes qr;
  private final Clock clock;
  private final Authenticator auth;
  private final Exchange exchange;

  /**
   * @param clock the time a restaurant's {@code open_now} and {@code next_opening_at} are read at
   */
  public RestaurantRoutes(UseCases use, Clock clock, Authenticator auth, int maxBodyBytes) {
    this(use, clock, auth, maxBodyBytes, URI.create("http://localhost:8080"));
  }

  /**
   * @param publicUrl where guests reach this server (ORDERSYNC_PUBLIC_URL): the tables' QR codes
   *     point there
   */
  public RestaurantRoutes(
      UseCases use, Clock clock, Authenticator auth, int maxBodyBytes, URI publicUrl) {
    this.qr = new TableQrCodes(publicUrl);
    this.use = use;
    this.clock = clock;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/", this::create)
        .get("/me", this::mine)
        .patch("/me", this::updateSettings)
        .get("/{id}", this::publicProfile)
        .get("/{id}/tables/{table}/qr.svg", qrCode("image/svg+xml", false))
        .get("/{id}/tables/{table}/qr.png", qrCode("image/png", true));
  }

  /**
   * A table's QR code, public (it is printed and stuck on the table): 400 for a label no table can
   * have, 404 for an unknown restaurant or a table it does not list. Cached a day: it changes only
   * if the server's public URL does.
   */
  private io.helidon.webserver.http.Handler qrCode(String mediaType, boolean png) {
    return (req, res) -> {
      UUID id = Exchange.pathId(req, "id");
      String table = req.path().pathParameters().get("table");
      if (!Restaurant.isTableLabel(table)) {
        throw HttpProblem.field("invalid_parameter", "table", "is " + Restaurant.TABLE_LABEL_RULE);
      }
      Restaurant r = use.get().handle(id);
      if (!r.hasTable(table)) {
        throw new HttpProblem(404, "not_found", "the restaurant has no table " + table);
      }
      String url = qr.url(r.id(), table);
      res.header(HeaderNames.CONTENT_TYPE, mediaType);
      res.header(HeaderNames.CACHE_CONTROL, "public, max-age=86400");
      res.status(Status.OK_200);
      res.send(png ? qr.png(url) : qr.svg(url));
    };
  }

  private void create(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    use.create().authorize(caller);
    JsonBody body =
        exchange.body(req, true).allow("name", "business_number", "phone", "address", "time_zone");
    Restaurant r =
        use.create()
            .handle(
                caller,
                CreateRestaurant.Command.from(
                    body.string("name"),
                    body.string("business_number"),
                    body.string("phone"),
                    body.string("address"),
                    body.string("time_zone")));
    res.header(HeaderNames.LOCATION, "/api/v1/restaurants/" + r.id());
    sendForOwner(res, Status.CREATED_201, r);
  }

  private void mine(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    Restaurant r = use.getMine().handle(caller);
    sendForOwner(res, Status.OK_200, r, use.reports().current(caller));
  }

  private void updateSettings(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    use.updateSettings().authorize(caller);
    JsonBody body =
        exchange
            .body(req, true)
            .allow(
                "name",
                "paused",
                "auto_accept",
                "prep_minutes",
                "payment_mode",
                "require_staff_mfa",
                "order_prefix",
                "tables",
                "daily_report",
                "weekly_report",
                "guest_texts");
    Boolean dailyReport = body.bool("daily_report");
    Boolean weeklyReport = body.bool("weekly_report");
    PaymentMode paymentMode = paymentMode(body.string("payment_mode"));
    // One unit of work for both: a stale If-Match changes neither the settings nor the reports.
    var changed =
        use.reports()
            .handle(
                caller,
                use.updateSettings(),
                new UpdateRestaurantSettings.Command(
                    body.string("name"),
                    body.bool("paused"),
                    body.bool("auto_accept"),
                    body.int32("prep_minutes"),
                    paymentMode,
                    body.bool("require_staff_mfa"),
                    body.has("order_prefix")
                        ? Optional.ofNullable(body.string("order_prefix"))
                        : null,
                    tables(body),
                    guestTexts(body),
                    Exchange.ifMatch(req)),
                dailyReport,
                weeklyReport);
    sendForOwner(res, Status.OK_200, changed.restaurant(), changed.reports());
  }

  /**
   * {@code guest_texts}: which order changes text the guests ({@code ["accepted", "ready"]});
   * absent leaves them, null or [] turns every text off.
   */
  private static java.util.Set<GuestText> guestTexts(JsonBody body) {
    if (!body.has("guest_texts")) {
      return null;
    }
    java.util.List<String> names = body.strings("guest_texts");
    java.util.Set<GuestText> texts = java.util.EnumSet.noneOf(GuestText.class);
    if (names == null) {
      return texts;
    }
    for (int i = 0; i < names.size(); i++) {
      GuestText t = GuestText.ofWireName(names.get(i));
      if (t == null) {
        throw new DomainException.Invalid(
            "guest_texts[" + i + "]",
            "must be one of accepted, ready, rejected, canceled, refunded");
      }
      texts.add(t);
    }
    return texts;
  }

  /** {@code tables}: absent leaves them, null or [] clears them. */
  private static java.util.List<String> tables(JsonBody body) {
    if (!body.has("tables")) {
      return null;
    }
    java.util.List<String> tables = body.strings("tables");
    return tables == null ? java.util.List.of() : tables;
  }

  private static PaymentMode paymentMode(String mode) {
    if (mode == null) {
      return null;
    }
    try {
      return PaymentMode.valueOf(mode);
    } catch (IllegalArgumentException e) {
      throw new DomainException.Invalid("payment_mode", "must be AT_COUNTER or ONLINE");
    }
  }

  private void publicProfile(ServerRequest req, ServerResponse res) {
    Restaurant r = use.get().handle(Exchange.pathId(req, "id"));
    Exchange.send(res, Status.OK_200, RestaurantView.forPublic(r, clock.instant()));
  }

  private void sendForOwner(ServerResponse res, Status status, Restaurant r) {
    Exchange.etag(res, r.version());
    Exchange.send(res, status, RestaurantView.forOwner(r, clock.instant()));
  }

  /**
   * The owner's view with the report-email choices ({@code daily_report}, {@code weekly_report}).
   */
  private void sendForOwner(
      ServerResponse res,
      Status status,
      Restaurant r,
      dev.ordersync.core.analytics.ReportSettings.Choices reports) {
    Exchange.etag(res, r.version());
    com.fasterxml.jackson.databind.node.ObjectNode view =
        dev.ordersync.server.json.Json.mapper()
            .valueToTree(RestaurantView.forOwner(r, clock.instant()));
    view.put("daily_report", reports.daily());
    view.put("weekly_report", reports.weekly());
    Exchange.send(res, status, view);
  }
}
