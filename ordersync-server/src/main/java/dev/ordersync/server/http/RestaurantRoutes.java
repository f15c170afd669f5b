package dev.ordersync.server.http;

import dev.ordersync.core.menu.AddOptionGroup;
import dev.ordersync.core.menu.AddPriceRule;
import dev.ordersync.core.menu.CreateMenuCategory;
import dev.ordersync.core.menu.CreateMenuItem;
import dev.ordersync.core.menu.GetMenu;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.menu.RemoveMenuItem;
import dev.ordersync.core.menu.RemoveOptionGroup;
import dev.ordersync.core.menu.RemovePriceRule;
import dev.ordersync.core.menu.UpdateMenuItem;
import dev.ordersync.core.restaurant.AddStaff;
import dev.ordersync.core.restaurant.CreateRestaurant;
import dev.ordersync.core.restaurant.GetRestaurant;
import dev.ordersync.core.restaurant.ManageStaff;
import dev.ordersync.core.restaurant.OpeningHours;
import dev.ordersync.core.restaurant.PaymentMode;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.restaurant.SetOpeningHours;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.json.Views;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/v1/restaurants}: create a restaurant, its public profile and menu, and the owner's
 * settings and menu.
 */
public final class RestaurantRoutes implements HttpService {
  /** The use cases this resource calls. */
  public record UseCases(
      CreateRestaurant createRestaurant,
      GetRestaurant getRestaurant,
      UpdateRestaurantSettings updateSettings,
      GetMenu getMenu,
      CreateMenuCategory createCategory,
      CreateMenuItem createItem,
      UpdateMenuItem updateItem,
      RemoveMenuItem removeItem,
      AddStaff addStaff,
      ManageStaff manageStaff,
      SetOpeningHours setHours,
      AddOptionGroup addOptionGroup,
      RemoveOptionGroup removeOptionGroup,
      AddPriceRule addPriceRule,
      RemovePriceRule removePriceRule,
      Menus menus,
      StaffAccess staffAccess,
      Clock clock) {}

  private final UseCases use;
  private final Authenticator auth;
  private final Exchange exchange;

  public RestaurantRoutes(UseCases use, Authenticator auth, int maxBodyBytes) {
    this.use = use;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/", this::create)
        .get("/me", this::mine)
        .patch("/me", this::updateSettings)
        .post("/me/menu/categories", this::createCategory)
        .post("/me/menu/items", this::createItem)
        .patch("/me/menu/items/{id}", this::updateItem)
        .delete("/me/menu/items/{id}", this::removeItem)
        .post("/me/staff", this::addStaff)
        .get("/me/staff", this::listStaff)
        .patch("/me/staff/{userId}", this::changeStaffRole)
        .delete("/me/staff/{userId}", this::removeStaff)
        .put("/me/hours", this::setHours)
        .post("/me/menu/items/{id}/option-groups", this::addOptionGroup)
        .delete("/me/menu/option-groups/{id}", this::removeOptionGroup)
        .get("/me/menu/price-rules", this::listPriceRules)
        .post("/me/menu/price-rules", this::addPriceRule)
        .delete("/me/menu/price-rules/{id}", this::removePriceRule)
        .get("/{id}", this::publicProfile)
        .get("/{id}/menu", this::menu);
  }

  private void create(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    JsonBody body =
        exchange.body(req, true).allow("name", "business_number", "phone", "address", "time_zone");
    Restaurant r =
        use.createRestaurant()
            .handle(
                caller,
                CreateRestaurant.Command.from(
                    body.string("name"),
                    body.string("business_number"),
                    body.string("phone"),
                    body.string("address"),
                    body.string("time_zone")));
    res.header(HeaderNames.LOCATION, "/api/v1/restaurants/" + r.id());
    Exchange.etag(res, r.version());
    Exchange.send(res, Status.CREATED_201, Views.RestaurantView.forOwner(r, use.clock().instant()));
  }

  private void mine(ServerRequest req, ServerResponse res) {
    UUID id = use.staffAccess().requireStaff(auth.caller(req));
    Restaurant r = use.getRestaurant().handle(id);
    Exchange.etag(res, r.version());
    Exchange.send(res, Status.OK_200, Views.RestaurantView.forOwner(r, use.clock().instant()));
  }

  private void updateSettings(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
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
                "order_prefix");
    String mode = body.string("payment_mode");
    PaymentMode paymentMode = null;
    if (mode != null) {
      try {
        paymentMode = PaymentMode.valueOf(mode);
      } catch (IllegalArgumentException e) {
        throw new DomainException.Invalid("payment_mode", "must be AT_COUNTER or ONLINE");
      }
    }
    Restaurant r =
        use.updateSettings()
            .handle(
                caller,
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
                    Exchange.ifMatch(req)));
    Exchange.etag(res, r.version());
    Exchange.send(res, Status.OK_200, Views.RestaurantView.forOwner(r, use.clock().instant()));
  }

  private void createCategory(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    JsonBody body = exchange.body(req, true).allow("name", "position");
    var category =
        use.createCategory()
            .handle(
                caller,
                new CreateMenuCategory.Command(body.string("name"), body.int32("position")));
    Exchange.send(res, Status.CREATED_201, Views.CategoryView.of(category));
  }

  private void createItem(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    JsonBody body =
        exchange
            .body(req, true)
            .allow(
                "name", "price", "category_id", "description", "image_url", "available", "stock");
    MenuItem item =
        use.createItem()
            .handle(
                caller,
                CreateMenuItem.Command.from(
                    body.string("name"),
                    body.integer("price"),
                    body.uuid("category_id"),
                    body.string("description"),
                    body.string("image_url"),
                    body.bool("available"),
                    body.int32("stock")));
    res.header(HeaderNames.LOCATION, "/api/v1/restaurants/me/menu/items/" + item.id());
    Exchange.etag(res, item.version());
    Exchange.send(res, Status.CREATED_201, Views.ItemView.of(item));
  }

  private void updateItem(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    var caller = auth.caller(req);
    JsonBody body =
        exchange
            .body(req, true)
            .allow(
                "name", "price", "category_id", "description", "image_url", "available", "stock");
    if (body.has("name") && body.string("name") == null) {
      throw new DomainException.Invalid("name", "cannot be removed");
    }
    if (body.has("price") && body.integer("price") == null) {
      throw new DomainException.Invalid("price", "cannot be removed");
    }
    if (body.has("available") && body.bool("available") == null) {
      throw new DomainException.Invalid("available", "must be true or false");
    }
    MenuItem item =
        use.updateItem()
            .handle(
                caller,
                UpdateMenuItem.Command.from(
                    id,
                    body.string("name"),
                    body.integer("price"),
                    body.has("category_id") ? Optional.ofNullable(body.uuid("category_id")) : null,
                    body.has("description")
                        ? Optional.ofNullable(body.string("description"))
                        : null,
                    body.has("image_url") ? Optional.ofNullable(body.string("image_url")) : null,
                    body.bool("available"),
                    body.has("stock") ? Optional.ofNullable(body.int32("stock")) : null,
                    Exchange.ifMatch(req)));
    Exchange.etag(res, item.version());
    Exchange.send(res, Status.OK_200, Views.ItemView.of(item));
  }

  private void removeItem(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    use.removeItem().handle(auth.caller(req), id);
    res.status(Status.NO_CONTENT_204).send();
  }

  private void addStaff(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    JsonBody body = exchange.body(req, true).allow("email", "name", "password");
    var staff =
        use.addStaff()
            .handle(
                caller,
                AddStaff.Command.from(
                    body.string("email"), body.string("name"), body.string("password")));
    Exchange.send(res, Status.CREATED_201, Views.UserView.of(staff));
  }

  private void listStaff(ServerRequest req, ServerResponse res) {
    var members = use.manageStaff().list(auth.caller(req));
    Exchange.send(
        res, Status.OK_200, Map.of("data", members.stream().map(Views.MemberView::of).toList()));
  }

  private void changeStaffRole(ServerRequest req, ServerResponse res) {
    UUID userId = Exchange.pathId(req, "userId");
    var caller = auth.caller(req);
    JsonBody body = exchange.body(req, true).allow("role");
    Exchange.send(
        res,
        Status.OK_200,
        Views.MemberView.of(
            use.manageStaff()
                .changeRole(caller, ManageStaff.RoleChange.from(userId, body.string("role")))));
  }

  private void removeStaff(ServerRequest req, ServerResponse res) {
    UUID userId = Exchange.pathId(req, "userId");
    use.manageStaff().remove(auth.caller(req), userId);
    res.status(Status.NO_CONTENT_204).send();
  }

  private void setHours(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    JsonBody body = exchange.body(req, true).allow("weekly", "holidays", "closures");
    OpeningHours hours = HoursJson.read(body);
    Restaurant r =
        use.setHours().handle(caller, new SetOpeningHours.Command(hours, Exchange.ifMatch(req)));
    Exchange.etag(res, r.version());
    Exchange.send(res, Status.OK_200, Views.RestaurantView.forOwner(r, use.clock().instant()));
  }

  private void addOptionGroup(ServerRequest req, ServerResponse res) {
    UUID itemId = Exchange.pathId(req, "id");
    var caller = auth.caller(req);
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
        use.addOptionGroup()
            .handle(
                caller,
                AddOptionGroup.Command.from(
                    itemId, body.string("name"), body.int32("min"), body.int32("max"), options));
    Exchange.send(res, Status.CREATED_201, Views.OptionGroupView.of(group));
  }

  private void removeOptionGroup(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    use.removeOptionGroup().handle(auth.caller(req), id);
    res.status(Status.NO_CONTENT_204).send();
  }

  private void listPriceRules(ServerRequest req, ServerResponse res) {
    UUID restaurantId = use.staffAccess().requireOwner(auth.caller(req));
    Exchange.send(
        res,
        Status.OK_200,
        Map.of(
            "data",
            use.menus().priceRules(restaurantId).stream().map(Views.PriceRuleView::of).toList()));
  }

  private void addPriceRule(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
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
    var rule = use.addPriceRule().handle(caller, HoursJson.priceRule(body));
    Exchange.send(res, Status.CREATED_201, Views.PriceRuleView.of(rule));
  }

  private void removePriceRule(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    use.removePriceRule().handle(auth.caller(req), id);
    res.status(Status.NO_CONTENT_204).send();
  }

  private void publicProfile(ServerRequest req, ServerResponse res) {
    Restaurant r = use.getRestaurant().handle(Exchange.pathId(req, "id"));
    Exchange.send(res, Status.OK_200, Views.RestaurantView.forPublic(r, use.clock().instant()));
  }

  private void menu(ServerRequest req, ServerResponse res) {
    Exchange.send(
        res, Status.OK_200, Views.MenuView.of(use.getMenu().handle(Exchange.pathId(req, "id"))));
  }
}
