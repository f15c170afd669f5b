package dev.ordersync.server.http;

import dev.ordersync.core.menu.CreateMenuCategory;
import dev.ordersync.core.menu.CreateMenuItem;
import dev.ordersync.core.menu.GetMenu;
import dev.ordersync.core.menu.GetOwnMenu;
import dev.ordersync.core.menu.MenuItem;
import dev.ordersync.core.menu.RemoveMenuCategory;
import dev.ordersync.core.menu.RemoveMenuItem;
import dev.ordersync.core.menu.ReorderMenuCategories;
import dev.ordersync.core.menu.SetItemAvailability;
import dev.ordersync.core.menu.UpdateMenuCategory;
import dev.ordersync.core.menu.UpdateMenuItem;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.json.MenuViews.CategoryView;
import dev.ordersync.server.json.MenuViews.ItemView;
import dev.ordersync.server.json.MenuViews.MenuView;
import dev.ordersync.server.json.MenuViews.OwnMenuView;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/v1/restaurants}: a restaurant's menu as customers read it ({@code /{id}/menu}), and
 * the owner's categories and items ({@code /me/menu/...}).
 */
public final class MenuRoutes implements HttpService {
  /** The use cases this resource calls. */
  public record UseCases(
      GetMenu getMenu,
      CreateMenuCategory createCategory,
      CreateMenuItem createItem,
      UpdateMenuItem updateItem,
      RemoveMenuItem removeItem,
      GetOwnMenu getOwnMenu,
      UpdateMenuCategory updateCategory,
      RemoveMenuCategory removeCategory,
      ReorderMenuCategories reorderCategories,
      SetItemAvailability setAvailability) {}

  private static final String[] ITEM_FIELDS = {
    "name", "price", "category_id", "description", "image_url", "available", "stock"
  };

  private final UseCases use;
  private final Authenticator auth;
  private final Exchange exchange;

  public MenuRoutes(UseCases use, Authenticator auth, int maxBodyBytes) {
    this.use = use;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .get("/me/menu", this::ownMenu)
        .get("/{id}/menu", this::menu)
        .post("/me/menu/categories", this::createCategory)
        .put("/me/menu/categories/order", this::reorderCategories)
        .patch("/me/menu/categories/{id}", this::updateCategory)
        .delete("/me/menu/categories/{id}", this::removeCategory)
        .post("/me/menu/items", this::createItem)
        .patch("/me/menu/items/{id}/availability", this::setAvailability)
        .patch("/me/menu/items/{id}", this::updateItem)
        .delete("/me/menu/items/{id}", this::removeItem);
  }

  private void menu(ServerRequest req, ServerResponse res) {
    Exchange.send(
        res, Status.OK_200, MenuView.of(use.getMenu().handle(Exchange.pathId(req, "id"))));
  }

  private void ownMenu(ServerRequest req, ServerResponse res) {
    Exchange.send(res, Status.OK_200, OwnMenuView.of(use.getOwnMenu().handle(auth.caller(req))));
  }

  private void updateCategory(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    var caller = auth.caller(req);
    use.updateCategory().authorize(caller, id);
    JsonBody body = exchange.body(req, true).allow("name", "position");
    if (body.has("name") && body.string("name") == null) {
      throw new DomainException.Invalid("name", "cannot be removed");
    }
    if (body.has("position") && body.int32("position") == null) {
      throw new DomainException.Invalid("position", "cannot be removed");
    }
    var category =
        use.updateCategory()
            .handle(
                caller,
                new UpdateMenuCategory.Command(id, body.string("name"), body.int32("position")));
    Exchange.send(res, Status.OK_200, CategoryView.of(category));
  }

  private void removeCategory(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    use.removeCategory().handle(auth.caller(req), id);
    res.status(Status.NO_CONTENT_204).send();
  }

  private void reorderCategories(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    use.reorderCategories().authorize(caller);
    JsonBody body = exchange.body(req, true).allow("ids");
    var ordered =
        use.reorderCategories()
            .handle(caller, new ReorderMenuCategories.Command(body.uuids("ids")));
    Exchange.send(
        res, Status.OK_200, new CategoriesView(ordered.stream().map(CategoryView::of).toList()));
  }

  /** The categories in their new order. */
  record CategoriesView(java.util.List<CategoryView> categories) {}

  private void createCategory(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    use.createCategory().authorize(caller);
    JsonBody body = exchange.body(req, true).allow("name", "position");
    var category =
        use.createCategory()
            .handle(
                caller,
                new CreateMenuCategory.Command(body.string("name"), body.int32("position")));
    Exchange.send(res, Status.CREATED_201, CategoryView.of(category));
  }

  private void createItem(ServerRequest req, ServerResponse res) {
    var caller = auth.caller(req);
    use.createItem().authorize(caller);
    JsonBody body = exchange.body(req, true).allow(ITEM_FIELDS);
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
    Exchange.send(res, Status.CREATED_201, ItemView.of(item));
  }

  private void updateItem(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    var caller = auth.caller(req);
    use.updateItem().authorize(caller, id);
    JsonBody body = exchange.body(req, true).allow(ITEM_FIELDS);
    refuseRemoving(body);
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
    Exchange.send(res, Status.OK_200, ItemView.of(item));
  }

  private void setAvailability(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    var caller = auth.caller(req);
    use.setAvailability().authorize(caller, id);
    JsonBody body = exchange.body(req, true).allow("available", "stock");
    if (body.has("available") && body.bool("available") == null) {
      throw new DomainException.Invalid("available", "must be true or false");
    }
    MenuItem item =
        use.setAvailability()
            .handle(
                caller,
                new SetItemAvailability.Command(
                    id,
                    body.bool("available"),
                    body.has("stock") ? Optional.ofNullable(body.int32("stock")) : null,
                    Exchange.ifMatch(req)));
    Exchange.etag(res, item.version());
    Exchange.send(res, Status.OK_200, ItemView.of(item));
  }

  /** In a PATCH, null clears a field; these three an item cannot be without. */
  private static void refuseRemoving(JsonBody body) {
    if (body.has("name") && body.string("name") == null) {
      throw new DomainException.Invalid("name", "cannot be removed");
    }
    if (body.has("price") && body.integer("price") == null) {
      throw new DomainException.Invalid("price", "cannot be removed");
    }
    if (body.has("available") && body.bool("available") == null) {
      throw new DomainException.Invalid("available", "must be true or false");
    }
  }

  private void removeItem(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    use.removeItem().handle(auth.caller(req), id);
    res.status(Status.NO_CONTENT_204).send();
  }
}
