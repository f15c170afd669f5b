package dev.ordersync.server;

import dev.ordersync.core.menu.CreateMenuCategory;
import dev.ordersync.core.menu.CreateMenuItem;
import dev.ordersync.core.menu.MenuCategory;
import dev.ordersync.core.restaurant.CreateRestaurant;
import dev.ordersync.core.restaurant.Restaurant;
import dev.ordersync.core.shared.BusinessNumber;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.RegisterUser;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.User;
import java.io.PrintStream;
import java.util.UUID;

/**
 * {@code --demo}: a restaurant with a menu and its owner, created through the same use cases as the
 * API, once. Run again, it finds the demo owner and only prints how to log in.
 */
final class DemoData {
  static final String OWNER_EMAIL = "owner@demo.ordersync.dev";
  static final String OWNER_PASSWORD = "demo-owner-password";

  private DemoData() {}

  static void seed(OrderSyncServer.Application app, int port, PrintStream out) {
    UUID restaurantId = existingDemoRestaurant(app);
    if (restaurantId == null) {
      restaurantId = create(app);
    }
    String base = "http://localhost:" + port;
    out.println();
    out.println("Demo restaurant '오더싱크 데모 식당' is ready: " + restaurantId);
    out.println("  app:    " + base + "/app/  (the restaurant's board and back office)");
    out.println(
        "  guest:  " + base + "/r/" + restaurantId + "?table=1  (order as a guest at table 1)");
    out.println("  menu:   curl " + base + "/api/v1/restaurants/" + restaurantId + "/menu");
    out.println("  owner:  " + OWNER_EMAIL + " / " + OWNER_PASSWORD);
    out.println(
        "  log in: curl -X POST "
            + base
            + "/api/v1/auth/login -H 'Content-Type: application/json' \\");
    out.println(
        "            -d '{\"email\":\""
            + OWNER_EMAIL
            + "\",\"password\":\""
            + OWNER_PASSWORD
            + "\"}'");
    out.println();
  }

  private static UUID existingDemoRestaurant(OrderSyncServer.Application app) {
    return app.users()
        .byEmail(new dev.ordersync.core.shared.EmailAddress(OWNER_EMAIL))
        .flatMap(u -> app.users().memberships(u.id()).stream().findFirst())
        .map(dev.ordersync.core.user.Membership::restaurantId)
        .orElse(null);
  }

  private static UUID create(OrderSyncServer.Application app) {
    User owner =
        switch (app.registerUser()
            .handle(
                new RegisterUser.Command(
                    new EmailAddress(OWNER_EMAIL),
                    OWNER_PASSWORD,
                    "Demo Owner",
                    PhoneNumber.parse("010-0000-0000"),
                    Role.OWNER))) {
          case RegisterUser.Outcome.Created created -> created.user();
          case RegisterUser.Outcome.EmailTaken taken ->
              throw new StartupException(
                  "the demo owner exists but has no restaurant; use a fresh ORDERSYNC_DATA_DIR");
        };
    Caller.SignedIn caller = new Caller.SignedIn(owner.id(), Role.OWNER, null);
    Restaurant r =
        app.createRestaurant()
            .handle(
                caller,
                new CreateRestaurant.Command(
                    "오더싱크 데모 식당",
                    BusinessNumber.parse("220-81-62517"),
                    PhoneNumber.parse("02-123-4567"),
                    "1 Sejong-daero, Jung-gu, Seoul",
                    null));
    Caller.SignedIn asOwner = new Caller.SignedIn(owner.id(), Role.OWNER, r.id());
    MenuCategory meals =
        app.createCategory().handle(asOwner, new CreateMenuCategory.Command("식사", 0));
    MenuCategory drinks =
        app.createCategory().handle(asOwner, new CreateMenuCategory.Command("음료", 1));
    item(app, asOwner, "비빔밥", 9000, meals, "나물, 달걀, 고추장을 올린 밥", null);
    item(app, asOwner, "김치찌개", 8500, meals, "돼지고기와 두부를 넣은 김치찌개", null);
    item(app, asOwner, "떡볶이", 6000, meals, "매콤한 떡볶이", 30);
    item(app, asOwner, "식혜", 3000, drinks, "달콤한 전통 쌀 음료", 20);
    return r.id();
  }

  private static void item(
      OrderSyncServer.Application app,
      Caller caller,
      String name,
      long price,
      MenuCategory category,
      String description,
      Integer stock) {
    app.createItem()
        .handle(
            caller,
            new CreateMenuItem.Command(
                name, Won.of(price), category.id(), description, true, stock));
  }
}
