package dev.ordersync.server.http;

import dev.ordersync.core.restaurant.OpeningHours;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.SetOpeningHours;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.json.RestaurantViews.RestaurantView;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;

/**
 * {@code /api/v1/restaurants/me/hours}: the owner replaces the weekly hours, holidays and closures
 * whole; the answer is the restaurant as they leave it.
 */
public final class OpeningHoursRoutes implements HttpService {
  private final SetOpeningHours setHours;
  private final Clock clock;
  private final Authenticator auth;
  private final Exchange exchange;

  /**
   * @param clock the time the answer's {@code open_now} and {@code next_opening_at} are read at
   */
  public OpeningHoursRoutes(
      SetOpeningHours setHours, Clock clock, Authenticator auth, int maxBodyBytes) {
    this.setHours = setHours;
    this.clock = clock;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.put("/me/hours", this::set);
  }

  private void set(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    setHours.authorize(caller);
    JsonBody body = exchange.body(req, true).allow("weekly", "holidays", "closures");
    OpeningHours hours = HoursJson.read(body);
    Restaurant r =
        setHours.handle(caller, new SetOpeningHours.Command(hours, Exchange.ifMatch(req)));
    Exchange.etag(res, r.version());
    Exchange.send(res, Status.OK_200, RestaurantView.forOwner(r, clock.instant()));
  }
}
