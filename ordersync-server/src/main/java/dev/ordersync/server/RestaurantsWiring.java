package dev.ordersync.server;

import dev.ordersync.core.menu.AddOptionGroup;
import dev.ordersync.core.menu.AddPriceRule;
import dev.ordersync.core.menu.CreateMenuCategory;
import dev.ordersync.core.menu.CreateMenuItem;
import dev.ordersync.core.menu.GetMenu;
import dev.ordersync.core.menu.ListPriceRules;
import dev.ordersync.core.menu.RemoveMenuItem;
import dev.ordersync.core.menu.RemoveOptionGroup;
import dev.ordersync.core.menu.RemovePriceRule;
import dev.ordersync.core.menu.UpdateMenuItem;
import dev.ordersync.core.restaurant.AddStaff;
import dev.ordersync.core.restaurant.CreateRestaurant;
import dev.ordersync.core.restaurant.GetMyRestaurant;
import dev.ordersync.core.restaurant.GetRestaurant;
import dev.ordersync.core.restaurant.ManageStaff;
import dev.ordersync.core.restaurant.SetOpeningHours;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.server.http.MenuRoutes;
import dev.ordersync.server.http.OpeningHoursRoutes;
import dev.ordersync.server.http.OptionGroupRoutes;
import dev.ordersync.server.http.PriceRuleRoutes;
import dev.ordersync.server.http.RestaurantRoutes;
import dev.ordersync.server.http.StaffRoutes;

/**
 * Restaurants and menus: creating a restaurant and changing its settings, hours and staff, and its
 * menu (categories, items, option groups, price rules) as owners edit it and guests read it.
 */
record RestaurantsWiring(
    CreateRestaurant createRestaurant,
    CreateMenuCategory createCategory,
    CreateMenuItem createItem,
    RestaurantRoutes restaurants,
    OpeningHoursRoutes hours,
    StaffRoutes staff,
    MenuRoutes menu,
    OptionGroupRoutes optionGroups,
    PriceRuleRoutes priceRules) {

  static RestaurantsWiring wire(Infrastructure infra, Adapters a, Credentials c) {
    var tx = infra.tx();
    var clock = infra.clock();
    var restaurants = a.restaurants();
    var menus = a.menus();
    var staff = a.staff();
    var auth = c.auth();
    int maxBody = infra.maxBodyBytes();
    var createRestaurant = new CreateRestaurant(restaurants, a.users(), tx, clock);
    var createCategory = new CreateMenuCategory(menus, staff, tx, clock);
    var createItem = new CreateMenuItem(menus, staff, tx, clock);
    boolean onlinePayments = infra.config().toss().enabled();
    var restaurantRoutes =
        new RestaurantRoutes(
            new RestaurantRoutes.UseCases(
                createRestaurant,
                new GetRestaurant(restaurants),
                new GetMyRestaurant(restaurants, staff, tx),
                new UpdateRestaurantSettings(restaurants, staff, tx, clock, onlinePayments),
                new dev.ordersync.core.analytics.ChooseReports(
                    new dev.ordersync.server.postgres.PostgresReports(tx), staff, tx)),
            clock,
            auth,
            maxBody,
            infra.config().publicUrl());
    var menuRoutes =
        new MenuRoutes(
            new MenuRoutes.UseCases(
                new GetMenu(restaurants, menus, clock),
                createCategory,
                createItem,
                new UpdateMenuItem(menus, staff, tx, clock),
                new RemoveMenuItem(menus, staff, tx),
                new dev.ordersync.core.menu.GetOwnMenu(
                    new GetMenu(restaurants, menus, clock), staff, tx),
                new dev.ordersync.core.menu.UpdateMenuCategory(menus, staff, tx),
                new dev.ordersync.core.menu.RemoveMenuCategory(menus, staff, tx),
                new dev.ordersync.core.menu.ReorderMenuCategories(menus, staff, tx),
                new dev.ordersync.core.menu.SetItemAvailability(menus, staff, tx, clock)),
            auth,
            maxBody);
    return new RestaurantsWiring(
        createRestaurant,
        createCategory,
        createItem,
        restaurantRoutes,
        new OpeningHoursRoutes(
            new SetOpeningHours(restaurants, staff, tx, clock), clock, auth, maxBody),
        new StaffRoutes(
            new AddStaff(a.users(), staff, c.hasher(), c.policy(), a.accountAlerts(), tx, clock),
            new ManageStaff(a.users(), staff, tx, a.personalDataReads()),
            auth,
            maxBody),
        menuRoutes,
        new OptionGroupRoutes(
            new AddOptionGroup(menus, staff, tx, clock),
            new RemoveOptionGroup(menus, staff, tx),
            auth,
            maxBody),
        new PriceRuleRoutes(
            new ListPriceRules(menus, staff, tx),
            new AddPriceRule(menus, staff, tx, clock),
            new RemovePriceRule(menus, staff, tx),
            auth,
            maxBody));
  }
}
