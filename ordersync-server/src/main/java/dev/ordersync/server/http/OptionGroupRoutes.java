package dev.ordersync.server.http;

import dev.ordersync.core.menu.AddOptionGroup;
import dev.ordersync.core.menu.RemoveOptionGroup;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.json.MenuViews.OptionGroupView;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/restaurants/me/menu}: the owner adds an option group (size, toppings) to an item,
 * or removes one.
 */
public final class OptionGroupRoutes implements HttpService {
  private final AddOptionGroup addOptionGroup;
  private final RemoveOptionGroup removeOptionGroup;
  private final Authenticator auth;
  private final Exchange exchange;

  public OptionGroupRoutes(
      AddOptionGroup addOptionGroup,
      RemoveOptionGroup removeOptionGroup,
      Authenticator auth,
      int maxBodyBytes) {
    this.addOptionGroup = addOptionGroup;
    this.removeOptionGroup = removeOptionGroup;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/me/menu/items/{id}/option-groups", this::add)
        .delete("/me/menu/option-groups/{id}", this::remove);
  }

  private void add(ServerRequest req, ServerResponse res) {
    UUID itemId = Exchange.pathId(req, "id");
    var caller = auth.caller(req);
    addOptionGroup.authorize(caller, itemId);
    JsonBody body = exchange.body(req, true).allow("name", "min", "max", "options");
    List<AddOptionGroup.NewOption> options = new ArrayList<>();
    List<JsonBody> given = body.objects("options");
    if (given != null) {
      for (JsonBody o : given) {
        o.allow("name", "price_delta", "available");
        options.add(
            AddOptionGroup.NewOption.from(
                o.string("name"), o.integer("price_delta"), o.bool("available")));
      }
    }
    var group =
        addOptionGroup.handle(
            caller,
            AddOptionGroup.Command.from(
                itemId, body.string("name"), body.int32("min"), body.int32("max"), options));
    Exchange.send(res, Status.CREATED_201, OptionGroupView.of(group));
  }

  private void remove(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    removeOptionGroup.handle(auth.caller(req), id);
    res.status(Status.NO_CONTENT_204).send();
  }
}
