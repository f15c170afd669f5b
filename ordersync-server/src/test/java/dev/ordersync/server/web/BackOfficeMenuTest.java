package dev.ordersync.server.web;

import static dev.ordersync.server.web.BackOffice.PASSWORD;
import static dev.ordersync.server.web.BackOffice.clean;
import static dev.ordersync.server.web.BackOffice.click;
import static dev.ordersync.server.web.BackOffice.confirm;
import static dev.ordersync.server.web.BackOffice.open;
import static dev.ordersync.server.web.BackOffice.refused;
import static dev.ordersync.server.web.BackOffice.shot;
import static dev.ordersync.server.web.BackOffice.signIn;
import static dev.ordersync.server.web.BackOffice.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The menu screen in Chromium: categories and items changed through the page, and a sold-out toggle
 * seen live by another staff member's screen and by the public live menu.
 */
class BackOfficeMenuTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  @RegisterExtension static final Browser browser = Browser.create();

  static Api api;
  static Scenario.Owner owner;
  static Browser.Window w;

  @BeforeAll
  static void anOwnerOnTheMenuScreen() {
    api = server.api();
    owner = server.scenario().anOwnerWithARestaurant("메뉴 식당");
    w = browser.window().size(Browser.TABLET);
    signIn(w, server, owner.email(), PASSWORD);
  }

  static JsonNode menu(String restaurantId) {
    Api.Response r = api.get("/api/v1/restaurants/" + restaurantId + "/menu", null);
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  static List<String> categoryNames(String restaurantId) {
    List<String> names = new ArrayList<>();
    menu(restaurantId).path("categories").forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  static JsonNode item(String restaurantId, String itemId) {
    for (JsonNode i : menu(restaurantId).path("items")) {
      if (i.path("id").asText().equals(itemId)) {
        return i;
      }
    }
    return null;
  }

  /** The category's form whose name field shows {@code name}, read at one instant. */
  static WebElement category(Browser.Window w, String name) {
    return (WebElement)
        w.script(
            "return [...document.querySelectorAll('[data-testid=category]')].find(f =>"
                + " f.querySelector('[data-testid=category-name]').value === arguments[0]) || null",
            name);
  }

  /** The category names in the order the screen shows them. */
  @SuppressWarnings("unchecked")
  static List<String> shownCategories(Browser.Window w) {
    return (List<String>)
        w.script(
            "return [...document.querySelectorAll('[data-testid=category-name]')].map(e =>"
                + " e.value)");
  }

  static WebElement row(Browser.Window w, String itemId) {
    return w.waitFor(
        Duration.ofSeconds(5),
        d ->
            d.findElement(
                By.cssSelector("[data-testid=menu-item][data-item-id='" + itemId + "']")));
  }

  /**
   * Clicks a control in an item's row; a live message may redraw the row between finding and
   * clicking, so a stale row is found again.
   */
  static void clickInRow(Browser.Window w, String itemId, String testId) {
    w.waitFor(
        Duration.ofSeconds(5),
        d -> {
          try {
            click(w, row(w, itemId).findElement(Browser.Window.byTestId(testId)));
            return true;
          } catch (StaleElementReferenceException e) {
            return false;
          }
        });
  }

  /** Clicks a control of a category's form, finding it again if the list was redrawn meanwhile. */
  static void clickInCategory(Browser.Window w, String name, String testId) {
    w.waitFor(
        Duration.ofSeconds(5),
        d -> {
          try {
            click(w, category(w, name).findElement(Browser.Window.byTestId(testId)));
            return true;
          } catch (StaleElementReferenceException | NullPointerException e) {
            return false;
          }
        });
  }

  /** Whether the guest's menu page offers the item (its add button enabled). */
  static boolean guestAdd(Browser.Window guest, String itemId) {
    return Boolean.TRUE.equals(
        guest.script(
            "const b = document.querySelector(`[data-item-id='${arguments[0]}']"
                + " [data-testid='item-add']`); return !!b && !b.disabled;",
            itemId));
  }

  @Test
  void theOwnerChangesCategoriesAndItemsThroughThePage() {
    String rid = owner.restaurantId();
    String kimbap = server.scenario().anItem(owner, "김밥", 4000, null);
    open(w, "menu");
    row(w, kimbap);
    clean(w, "menu");

    for (String name : List.of("식사", "음료")) {
      w.testId("category-new-name").sendKeys(name);
      w.testId("category-add").click();
      w.waitFor(Duration.ofSeconds(5), d -> category(w, name) != null);
    }
    assertEquals(List.of("식사", "음료"), categoryNames(rid));

    WebElement drinks = category(w, "음료");
    type(drinks.findElement(Browser.Window.byTestId("category-name")), "마실 것");
    drinks.findElement(Browser.Window.byTestId("category-rename")).click();
    w.waitFor(Duration.ofSeconds(5), d -> categoryNames(rid).contains("마실 것"));

    clickInCategory(w, "마실 것", "category-up");
    w.waitFor(Duration.ofSeconds(5), d -> categoryNames(rid).equals(List.of("마실 것", "식사")));
    w.waitFor(Duration.ofSeconds(5), d -> shownCategories(w).equals(List.of("마실 것", "식사")));

    // A new item in a category, with stock.
    w.testId("item-add").click();
    w.testId("item-name").sendKeys("떡볶이");
    w.testId("item-price").sendKeys("5000");
    new Select(w.testId("item-category")).selectByVisibleText("식사");
    w.testId("item-stock").sendKeys("10");
    w.testId("item-description").sendKeys("매콤달콤");
    clean(w, "menu: the item dialog");
    w.testId("item-save").click();
    String tteok =
        w.waitFor(
            Duration.ofSeconds(5),
            d -> {
              for (JsonNode i : menu(rid).path("items")) {
                if (i.path("name").asText().equals("떡볶이")) {
                  return i.path("id").asText();
                }
              }
              return null;
            });
    JsonNode created = item(rid, tteok);
    assertEquals(5000, created.path("price").asLong());
    assertEquals("매콤달콤", created.path("description").asText());
    row(w, tteok);

    // A refused item says why next to the field.
    w.testId("item-add").click();
    w.testId("item-name").sendKeys("빈 가격");
    w.testId("item-save").click();
    w.waitFor(
        Duration.ofSeconds(5),
        d -> "true".equals(w.testId("item-price").getAttribute("aria-invalid")));
    refused(w, 422);
    w.driver().findElement(By.cssSelector("dialog .link")).click();

    // Editing an existing item, and giving it an option group.
    clickInRow(w, kimbap, "item-edit");
    type(w.testId("item-price"), "4500");
    w.testId("item-save").click();
    w.waitFor(Duration.ofSeconds(5), d -> item(rid, kimbap).path("price").asLong() == 4500);
    clickInRow(w, kimbap, "item-edit");
    w.testId("group-name").sendKeys("사이즈");
    type(w.testId("group-min"), "1");
    type(w.testId("group-max"), "1");
    List<WebElement> names = w.all("option-name");
    List<WebElement> prices = w.all("option-price");
    names.get(0).sendKeys("보통");
    names.get(1).sendKeys("곱빼기");
    type(prices.get(1), "1000");
    w.testId("group-add").click();
    w.waitFor(Duration.ofSeconds(5), d -> item(rid, kimbap).path("option_groups").size() == 1);
    JsonNode group = item(rid, kimbap).path("option_groups").get(0);
    assertEquals(1, group.path("min").asInt());
    assertEquals(1000, group.path("options").get(1).path("price_delta").asLong());
    w.driver().findElement(By.cssSelector("dialog .link")).click();

    // A time-bound price: 500 won off the kimbap from 15:00 to 17:00 on Fridays.
    w.driver()
        .findElement(By.cssSelector("[data-testid=rule-form]"))
        .findElement(By.xpath(".."))
        .findElement(By.tagName("summary"))
        .click();
    WebElement rule = w.testId("rule-form");
    rule.findElement(By.name("name")).sendKeys("해피아워");
    new Select(rule.findElement(By.name("kind"))).selectByValue("AMOUNT_OFF");
    rule.findElement(By.name("value")).sendKeys("500");
    rule.findElement(By.cssSelector("input[value=FRIDAY]")).click();
    new Select(rule.findElement(By.name("item_ids"))).selectByVisibleText("김밥");
    rule.findElement(By.cssSelector("button[type=submit]")).click();
    JsonNode rules =
        w.waitFor(
            Duration.ofSeconds(5),
            d -> {
              JsonNode r = api.get("/api/v1/restaurants/me/menu/price-rules", owner.token()).json();
              return r.path("data").size() == 1 ? r.path("data") : null;
            });
    assertEquals("AMOUNT_OFF", rules.get(0).path("kind").asText());
    assertEquals(500, rules.get(0).path("value").asLong());
    assertEquals("FRIDAY", rules.get(0).path("days").get(0).asText());
    assertEquals(kimbap, rules.get(0).path("item_ids").get(0).asText());
    w.waitFor(Duration.ofSeconds(5), d -> w.all("price-rule").size() == 1);

    // Deleting a category leaves its items on the menu, uncategorised.
    clickInCategory(w, "식사", "category-delete");
    confirm(w);
    w.waitFor(Duration.ofSeconds(5), d -> categoryNames(rid).equals(List.of("마실 것")));
    assertTrue(item(rid, tteok).path("category_id").isNull());
    row(w, tteok);
    clean(w, "menu after the changes");
  }

  @Test
  void aSoldOutToggleIsSeenLiveByStaffAndThePublicMenu() throws Exception {
    String rid = owner.restaurantId();
    String item = server.scenario().anItem(owner, "냉면", 9000, null);
    String staffEmail = "staff-" + UUID.randomUUID() + "@example.kr";
    Api.Response added =
        api.post(
            "/api/v1/restaurants/me/staff",
            "{\"email\":\""
                + staffEmail
                + "\",\"name\":\"이직원\",\"password\":\"a long staff password\"}",
            owner.token());
    assertEquals(201, added.status(), added::toString);

    Browser.Window own = w;
    open(own, "menu");
    row(own, item);
    Browser.Window staff = browser.another().size(Browser.PHONE);
    signIn(staff, server, staffEmail, "a long staff password");
    open(staff, "menu");
    row(staff, item);
    assertTrue(staff.all("item-edit").isEmpty(), "STAFF may not edit items");
    assertTrue(staff.all("category-add").isEmpty(), "STAFF may not change categories");

    // A guest with the public menu page open on a phone.
    Browser.Window guestPage = browser.another().size(Browser.PHONE);
    guestPage.open("http://127.0.0.1:" + server.port() + "/r/" + rid);
    guestPage.waitFor(
        Duration.ofSeconds(10),
        d -> "ready".equals(guestPage.script("return document.body.dataset.menu")));
    assertTrue(guestAdd(guestPage, item));

    try (LiveClient guest = LiveClient.connect(server.port(), "/ws/restaurants/" + rid + "/menu")) {
      assertEquals("menu.ready", guest.next().path("type").asText());
      clickInRow(own, item, "soldout-toggle");
      JsonNode changed = guest.next();
      assertEquals("menu.item_changed", changed.path("type").asText(), changed::toString);
      assertEquals(item, changed.path("item").path("id").asText());
      assertFalse(changed.path("item").path("available").asBoolean());
      assertFalse(item(rid, item).path("available").asBoolean());
      staff.waitFor(
          Duration.ofSeconds(2),
          d -> "true".equals(row(staff, item).getAttribute("data-sold-out")));
      assertTrue(
          row(staff, item).findElement(Browser.Window.byTestId("soldout-toggle")).isSelected());
      guestPage.waitFor(Duration.ofSeconds(2), d -> !guestAdd(guestPage, item));
      assertTrue(
          row(guestPage, item).findElement(Browser.Window.byTestId("sold-out")).isDisplayed());
      shot(own, "app-menu-tablet");

      // STAFF turns it back on sale; the owner's screen follows.
      clickInRow(staff, item, "soldout-toggle");
      JsonNode back = guest.next();
      assertTrue(back.path("item").path("available").asBoolean(), back::toString);
      own.waitFor(
          Duration.ofSeconds(2), d -> "false".equals(row(own, item).getAttribute("data-sold-out")));
      assertTrue(item(rid, item).path("available").asBoolean());
      guestPage.waitFor(Duration.ofSeconds(2), d -> guestAdd(guestPage, item));
      assertNull(guest.poll(300));
    }
    shot(staff, "app-menu-phone");
    clean(own, "menu (owner) after the toggles");
    clean(staff, "menu (STAFF, phone) after the toggles");
    assertEquals(List.of(), guestPage.consoleErrors(), "the guest's page");
  }
}
