package dev.ordersync.server.http;

import dev.ordersync.core.menu.AddPriceRule;
import dev.ordersync.core.menu.ListPriceRules;
import dev.ordersync.core.menu.RemovePriceRule;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.json.MenuViews.PriceRuleView;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/restaurants/me/menu/price-rules}: the owner's price rules (happy hour, lunch set),
 * listed, added and removed.
 */
public final class PriceRuleRoutes implements HttpService {
  private final ListPriceRules listPriceRules;
  private final AddPriceRule addPriceRule;
  private final RemovePriceRule removePriceRule;
  private final Authenticator auth;
  private final Exchange exchange;

  public PriceRuleRoutes(
      ListPriceRules listPriceRules,
      AddPriceRule addPriceRule,
      RemovePriceRule removePriceRule,
      Authenticator auth,
      int maxBodyBytes) {
    this.listPriceRules = listPriceRules;
    this.addPriceRule = addPriceRule;
    this.removePriceRule = removePriceRule;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .get("/me/menu/price-rules", this::list)
        .post("/me/menu/price-rules", this::add)
        .delete("/me/menu/price-rules/{id}", this::remove);
  }

  private void list(ServerRequest req, ServerResponse res) {
    var rules = listPriceRules.handle(auth.caller(req));
    Exchange.send(
        res, Status.OK_200, Map.of("data", rules.stream().map(PriceRuleView::of).toList()));
  }

  private void add(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    addPriceRule.authorize(caller);
    JsonBody body =
        exchange
            .body(req, true)
            .allow(
                "name",
                "kind",
                "value",
                "days",
                "from",
                "to",
                "priority",
                "item_ids",
                "category_ids");
    var rule = addPriceRule.handle(caller, HoursJson.priceRule(body));
    Exchange.send(res, Status.CREATED_201, PriceRuleView.of(rule));
  }

  private void remove(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    removePriceRule.handle(auth.caller(req), id);
    res.status(Status.NO_CONTENT_204).send();
  }
}
