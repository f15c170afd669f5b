package dev.ordersync.server;

import dev.ordersync.core.menu.AddOptionGroup;
import dev.ordersync.core.menu.AddPriceRule;
import dev.ordersync.core.menu.CreateMenuCategory;
import dev.ordersync.core.menu.CreateMenuItem;
import dev.ordersync.core.menu.GetMenu;
import dev.ordersync.core.menu.RemoveMenuItem;
import dev.ordersync.core.menu.RemoveOptionGroup;
import dev.ordersync.core.menu.RemovePriceRule;
import dev.ordersync.core.menu.UpdateMenuItem;
import dev.ordersync.core.restaurant.AddStaff;
import dev.ordersync.core.restaurant.CreateRestaurant;
import dev.ordersync.core.restaurant.GetRestaurant;
import dev.ordersync.core.restaurant.ManageStaff;
import dev.ordersync.core.restaurant.SetOpeningHours;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.server.http.RestaurantRoutes;

/**
 * Restaurants and menus: creating a restaurant and changing its settings, hours and staff, and its
 * menu (categories, items, option groups, price rules) as owners edit it and guests read it.
 */
record RestaurantsWiring(
    CreateRestaurant createRestaurant,
    CreateMenuCategory createCategory,
    CreateMenuItem createItem,
    RestaurantRoutes routes) {

  static RestaurantsWiring wire(Infrastructure infra, Adapters a, Credentials c) {
    var tx = infra.tx();
    var clock = infra.clock();
    var createRestaurant = new CreateRestaurant(a.restaurants(), a.users(), tx, clock);
    var createCategory = new CreateMenuCategory(a.menus(), a.staff(), tx, clock);
    var createItem = new CreateMenuItem(a.menus(), a.staff(), tx, clock);
    var routes =
        new RestaurantRoutes(
            useCases(infra, a, c, createRestaurant, createCategory, createItem),
            c.auth(),
            infra.maxBodyBytes());
    return new RestaurantsWiring(createRestaurant, createCategory, createItem, routes);
  }

  private static RestaurantRoutes.UseCases useCases(
      Infrastructure infra,
      Adapters a,
      Credentials c,
      CreateRestaurant createRestaurant,
      CreateMenuCategory createCategory,
      CreateMenuItem createItem) {
    var tx = infra.tx();
    var clock = infra.clock();
    var restaurants = a.restaurants();
    var menus = a.menus();
    var staff = a.staff();
    boolean onlinePayments = infra.config().toss().enabled();
    return new RestaurantRoutes.UseCases(
        createRestaurant,
        new GetRestaurant(restaurants),
        new UpdateRestaurantSettings(restaurants, staff, tx, clock, onlinePayments),
        new GetMenu(restaurants, menus, clock),
        createCategory,
        createItem,
        new UpdateMenuItem(menus, staff, tx, clock),
        new RemoveMenuItem(menus, staff, tx),
        new AddStaff(a.users(), staff, c.hasher(), c.policy(), tx, clock),
        new ManageStaff(a.users(), staff, tx),
        new SetOpeningHours(restaurants, staff, tx, clock),
        new AddOptionGroup(menus, staff, tx, clock),
        new RemoveOptionGroup(menus, staff, tx),
        new AddPriceRule(menus, staff, tx, clock),
        new RemovePriceRule(menus, staff, tx),
        menus,
        staff,
        clock);
  }
}
