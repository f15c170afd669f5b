package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The guest's menu, cart and order pages in a real Chromium at phone size, paying at the counter: a
 * dine-in order from a table's QR code with options, the page refusing a required option left out,
 * the order followed live as the restaurant moves it, a cancel, a closed restaurant, and the menu
 * page's first-load weight and time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestOrderingInBrowserTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  @RegisterExtension static final Browser browser = Browser.create();
  static final Api api = server.api();
  static GuestKitchen kitchen;

  static String base() {
    return "http://127.0.0.1:" + server.port();
  }

  @BeforeAll
  static void aRestaurant() {
    kitchen = new GuestKitchen(api, server.scenario(), "한옥 식당", base());
    kitchen.settings("{\"prep_minutes\":15}");
  }

  static Browser.Window phone() {
    return browser.window().size(Browser.PHONE);
  }

  static WebElement card(Browser.Window w, String itemId) {
    return w.waitFor(
        Duration.ofSeconds(5),
        d ->
            d
                .findElements(
                    By.cssSelector("[data-testid='menu-item'][data-item-id='" + itemId + "']"))
                .stream()
                .findFirst()
                .orElse(null));
  }

  static WebElement in(WebElement root, String testId) {
    return root.findElement(Browser.Window.byTestId(testId));
  }

  static WebElement option(WebElement card, String optionId) {
    return card.findElement(
        By.cssSelector("[data-testid='option'][data-option-id='" + optionId + "']"));
  }

  @Test
  @Order(1)
  void theMenuPagesFirstLoadIsSmallAndInteractiveWithinASecond() {
    Browser.Window w = phone();
    ChromeDriver chrome = (ChromeDriver) w.driver();
    chrome.executeCdpCommand("Network.enable", Map.of());
    chrome.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
    try {
      // Once to warm the server and the browser's processes (not its cache, which is off), then
      // three loads that are measured, each without any cached file. This machine's two cores are
      // shared with other builds, so the time asserted is the median of the three; every one is
      // printed.
      load(w, 0);
      List<Double> times = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        Map<String, Object> m = load(w, i);
        long transfer = ((Number) m.get("transfer")).longValue();
        double rendered = ((Number) m.get("rendered")).doubleValue();
        System.out.println("guest menu first load " + i + ": " + m);
        assertTrue(transfer > 0, m::toString);
        assertTrue(transfer < 150 * 1024, () -> "over 150 KB: " + m);
        assertTrue(rendered > 0, m::toString);
        times.add(rendered);
      }
      Collections.sort(times);
      // The 1 s goal is judged by bench/web.sh (ordersync.bench, a quiet machine); a CI run on two
      // shared cores only guards against a gross regression.
      double limit = Boolean.getBoolean("ordersync.bench") ? 1000 : 5000;
      assertTrue(times.get(1) < limit, () -> "not interactive within " + limit + " ms: " + times);
    } finally {
      chrome.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
    }
  }

  /** Loads the menu page and reads what it cost: bytes over the wire (images aside) and time. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> load(Browser.Window w, int table) {
    w.open(base() + "/r/" + kitchen.id() + "?table=" + table);
    w.waitFor(
        Duration.ofSeconds(5), d -> "ready".equals(w.script("return document.body.dataset.menu")));
    return (Map<String, Object>)
        w.script(
            "const nav = performance.getEntriesByType('navigation')[0];"
                + "const res = performance.getEntriesByType('resource')"
                + "  .filter(r => r.initiatorType !== 'img' && !/\\.(svg|png|jpe?g|webp)$/.test(r.name));"
                + "const rendered = performance.getEntriesByName('ordersync.menu-rendered')[0];"
                + "return {transfer: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0),"
                + " encoded: nav.encodedBodySize + res.reduce((s, r) => s + r.encodedBodySize, 0),"
                + " decoded: nav.decodedBodySize + res.reduce((s, r) => s + r.decodedBodySize, 0),"
                + " files: res.length + 1, rendered: Math.round(rendered ? rendered.startTime : -1),"
                + " domContentLoaded: Math.round(nav.domContentLoadedEventEnd),"
                + " slowest: res.map(r => [r.name.replace(location.origin, ''),"
                + "   Math.round(r.responseEnd - r.startTime)]).sort((a, b) => b[1] - a[1]).slice(0, 3)"
                + "   .map(x => x.join(' ')).join(', ')};");
  }

  @Test
  @Order(2)
  void aRequiredOptionLeftOutIsRefusedOnThePageWithTheGroupAndItsRule() {
    Browser.Window w = phone();
    w.open(base() + "/r/" + kitchen.id() + "?table=12");
    WebElement dish = card(w, kitchen.bibimbap);
    in(dish, "item-add").click();
    WebElement error = in(dish, "option-error");
    assertTrue(error.getText().contains("맵기"), error.getText());
    assertTrue(error.getText().contains("정확히 1개"), error.getText());
    assertEquals("0", w.testId("cart-open").findElement(By.id("cart-count")).getText());

    // Two extras where at most one may be chosen: refused with that group's rule too.
    option(dish, kitchen.mild).click();
    option(dish, kitchen.egg).click();
    option(dish, kitchen.cheese).click();
    assertFalse(option(dish, kitchen.ham).isEnabled(), "a switched-off option cannot be chosen");
    in(dish, "item-add").click();
    w.waitFor(Duration.ofSeconds(5), d -> in(dish, "option-error").getText().contains("추가"));
    assertTrue(in(dish, "option-error").getText().contains("최대 1개"));
    assertEquals("0", w.testId("cart-open").findElement(By.id("cart-count")).getText());

    // In English the message is the server's own wording.
    w.driver().findElement(By.className("lang-switch")).click();
    WebElement again = card(w, kitchen.bibimbap);
    in(again, "item-add").click();
    w.waitFor(
        Duration.ofSeconds(5),
        d ->
            in(card(w, kitchen.bibimbap), "option-error")
                .getText()
                .contains("추가: choose up to 1 (chosen 2)"));
    w.driver().findElement(By.className("lang-switch")).click();
    w.waitFor(
        Duration.ofSeconds(5), d -> "ko".equals(w.script("return document.documentElement.lang")));
    assertEquals(List.of(), w.accessibilityProblems());
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  @Order(3)
  void aDineInOrderFromTheTablesQrCodeWithOptionsIsFollowedLiveAsTheRestaurantMovesIt() {
    Browser.Window w = phone();
    w.open(base() + "/r/" + kitchen.id() + "?table=12");
    WebElement dish = card(w, kitchen.bibimbap);
    assertTrue(w.driver().findElement(By.id("where")).getText().contains("12"));
    // The time-bound price: the base price struck through.
    WebElement kimbap = card(w, kitchen.kimbap);
    assertTrue(
        kimbap.findElement(By.cssSelector("s")).getText().contains("4,000"), kimbap.getText());
    assertTrue(kimbap.getText().contains("3,500원"), kimbap.getText());
    w.screenshotTo("guest-menu");

    option(dish, kitchen.hot).click();
    option(dish, kitchen.egg).click();
    in(dish, "item-add").click();
    in(dish, "item-add").click(); // the same dish with no options: refused, nothing added
    assertTrue(in(dish, "option-error").getText().contains("맵기"));
    option(card(w, kitchen.bibimbap), kitchen.hot).click();
    option(card(w, kitchen.bibimbap), kitchen.egg).click();
    in(card(w, kitchen.bibimbap), "item-add").click(); // the same line again: quantity 2
    in(card(w, kitchen.tea), "item-add").click();
    w.waitFor(Duration.ofSeconds(5), d -> "3".equals(d.findElement(By.id("cart-count")).getText()));

    w.testId("cart-open").click();
    w.testId("customer-name").sendKeys("김손님");
    w.testId("customer-phone").sendKeys("010-2222-3333");
    w.testId("customer-sms-consent").click();
    w.testId("customer-note").sendKeys("덜 맵게");
    assertTrue(w.testId("pay-counter").isSelected());
    assertFalse(w.testId("pay-online").isEnabled());
    WebElement dialog = w.driver().findElement(By.id("cart"));
    assertTrue(dialog.getText().contains("예상"), dialog.getText());
    w.script("document.getElementById('cart').scrollTop = 0; document.activeElement.blur();");
    w.screenshotTo("guest-cart");
    assertEquals(List.of(), w.accessibilityProblems());

    // A double tap makes one order.
    w.script(
        "const b = document.querySelector('[data-testid=cart-submit]'); b.click(); b.click();");
    w.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().matches(".*/o/[0-9a-f-]{36}$"));
    String number = w.testId("order-number").getText();
    List<JsonNode> orders = kitchen.orders();
    assertEquals(1, orders.size(), orders::toString);
    JsonNode order = orders.get(0);
    assertEquals(number, order.path("number").asText());
    assertEquals("DINE_IN", order.path("fulfillment").asText());
    assertEquals("12", order.path("table").asText());
    assertEquals("김손님", order.path("customer").path("name").asText());
    assertTrue(order.path("customer").path("sms_consent").asBoolean(), "the box was ticked");
    assertEquals("덜 맵게", order.path("note").asText());
    JsonNode dishLine = order.path("items").get(0);
    assertEquals(2, dishLine.path("quantity").asInt());
    assertEquals(2, dishLine.path("options").size(), dishLine::toString);
    assertEquals(10500, dishLine.path("unit_price").asLong());
    assertEquals(22500, order.path("total").asLong());
    // The receipt is the server's total.
    assertEquals("22,500원", w.testId("order-total").getText());
    assertEquals("PLACED", data(w, "order-status", "status"));
    assertFalse(w.driver().getCurrentUrl().contains("ot_"), "no token in the address");
    assertEquals(List.of(), w.accessibilityProblems());
    w.screenshotTo("guest-order");

    String id = order.path("id").asText();
    waitForLive(w);
    Api.Response accepted = kitchen.move(id, "accept", "{\"prep_minutes\":20}");
    assertEquals(200, accepted.status(), accepted::toString);
    status(w, "ACCEPTED");
    assertTrue(w.testId("ready-by").getText().contains("준비"));
    assertTrue(
        w.all("order-cancel").stream().noneMatch(WebElement::isDisplayed),
        "no cancel once accepted");
    assertEquals(200, kitchen.move(id, "start", null).status());
    status(w, "PREPARING");
    assertEquals(200, kitchen.move(id, "ready", null).status());
    status(w, "READY");
    assertEquals(List.of(), w.consoleErrors());
  }

  /** An attribute of the element with this test id, read in the page (re-rendered elements). */
  static Object data(Browser.Window w, String testId, String key) {
    return w.script(
        "const e = document.querySelector(`[data-testid='${arguments[0]}']`);"
            + " return e ? e.dataset[arguments[1]] : null;",
        testId,
        key);
  }

  static void waitForLive(Browser.Window w) {
    w.waitFor(Duration.ofSeconds(5), d -> "live".equals(data(w, "live-state", "state")));
  }

  static void status(Browser.Window w, String status) {
    w.waitFor(Duration.ofSeconds(5), d -> status.equals(data(w, "order-status", "status")));
  }

  @Test
  @Order(4)
  void aGuestCancelsWhileTheOrderIsPlacedFromALinkWithTheTokenInItsFragment() {
    Api.Response placed =
        api.post("/api/v1/orders", Scenario.orderBody(kitchen.id(), kitchen.tea, 1), null);
    assertEquals(201, placed.status(), placed::toString);
    String id = placed.text("id");
    Browser.Window w = phone();
    w.open(base() + "/o/" + id + "#t=" + placed.text("order_token"));
    status(w, "PLACED");
    assertEquals(base() + "/o/" + id, w.driver().getCurrentUrl(), "the token left the address bar");
    waitForLive(w);
    w.testId("order-cancel").click();
    w.waitFor(Duration.ofSeconds(5), d -> d.findElement(By.id("confirm")).isDisplayed());
    assertEquals(List.of(), w.accessibilityProblems());
    w.driver().findElement(By.id("confirm-yes")).click();
    status(w, "CANCELED");
    assertEquals(
        "CANCELED", api.get("/api/v1/orders/" + id, placed.text("order_token")).text("status"));
    // A reload still shows it: the token is kept in this tab.
    w.driver().navigate().refresh();
    status(w, "CANCELED");
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  @Order(5)
  void aRejectedOrderSaysSoWithTheReason() {
    Api.Response placed =
        api.post("/api/v1/orders", Scenario.orderBody(kitchen.id(), kitchen.tea, 1), null);
    String id = placed.text("id");
    Browser.Window w = phone();
    w.open(base() + "/o/" + id + "#t=" + placed.text("order_token"));
    waitForLive(w);
    assertEquals(200, kitchen.move(id, "reject", "{\"reason\":\"재료 소진\"}").status());
    status(w, "REJECTED");
    assertTrue(w.testId("order-status").getText().contains("거절"));
    assertTrue(w.driver().findElement(By.id("main")).getText().contains("재료 소진"));
  }

  @Test
  @Order(6)
  void aClosedRestaurantSaysWhenItOpensAndSendsNothing() {
    GuestKitchen closed = new GuestKitchen(api, server.scenario(), "밤 식당", base());
    closed.closedUntilTomorrow();
    Browser.Window w = phone();
    w.open(base() + "/r/" + closed.id());
    WebElement banner = w.testId("restaurant-closed");
    assertTrue(banner.getText().contains("영업 시간이 아닙니다"), banner.getText());
    assertTrue(banner.getText().contains("10:00"), banner.getText());
    assertTrue(banner.getText().contains("Asia/Seoul"), banner.getText());
    assertFalse(in(card(w, closed.tea), "item-add").isEnabled());
    w.testId("cart-open").click();
    assertFalse(w.testId("cart-submit").isEnabled());
    assertEquals(List.of(), w.accessibilityProblems());

    GuestKitchen paused = new GuestKitchen(api, server.scenario(), "쉬는 식당", base());
    paused.settings("{\"paused\":true}");
    w.open(base() + "/r/" + paused.id());
    assertTrue(w.testId("restaurant-closed").getText().contains("잠시 주문을 받지 않습니다"));
    assertFalse(in(card(w, paused.tea), "item-add").isEnabled());
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  @Order(7)
  void theMenuWorksOnAWideScreenToo() {
    Browser.Window w = browser.window().size(Browser.TABLET);
    w.open(base() + "/r/" + kitchen.id());
    assertNotNull(card(w, kitchen.kimbap));
    assertTrue(w.driver().findElement(By.id("where")).getText().contains("포장"));
    assertNull(
        w.script(
            "return document.querySelector('main').scrollWidth > innerWidth ? 'overflow' : null"));
    assertEquals(List.of(), w.accessibilityProblems());

    // By keyboard alone: an option with the space bar, the dish with Enter, the cart with Enter,
    // closed again with Escape.
    WebElement dish = card(w, kitchen.bibimbap);
    option(dish, kitchen.mild).sendKeys(Keys.SPACE);
    assertTrue(option(dish, kitchen.mild).isSelected());
    in(dish, "item-add").sendKeys(Keys.ENTER);
    w.waitFor(Duration.ofSeconds(5), d -> "1".equals(d.findElement(By.id("cart-count")).getText()));
    w.testId("cart-open").sendKeys(Keys.ENTER);
    WebElement dialog = w.driver().findElement(By.id("cart"));
    w.waitFor(Duration.ofSeconds(5), d -> dialog.isDisplayed());
    assertTrue(dialog.getText().contains("비빔밥"), dialog.getText());
    w.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
    w.waitFor(Duration.ofSeconds(5), d -> !dialog.isDisplayed());
    w.script("sessionStorage.clear()");
  }

  @Test
  @Order(8)
  void aSoldOutToggleShowsWhileTheMenuIsOpen() {
    Browser.Window w = phone();
    w.open(base() + "/r/" + kitchen.id());
    WebElement cola = card(w, kitchen.cola);
    assertTrue(in(cola, "item-add").isEnabled());
    in(cola, "item-add").click();
    w.waitFor(
        Duration.ofSeconds(5), d -> "ready".equals(w.script("return document.body.dataset.menu")));
    kitchen.patchItem(kitchen.cola, "{\"stock\":0}");
    w.waitFor(
        Duration.ofSeconds(5),
        d ->
            Boolean.TRUE.equals(
                w.script(
                    "const b = document.querySelector(`[data-item-id='${arguments[0]}']"
                        + " [data-testid='item-add']`); return !!b && b.disabled;",
                    kitchen.cola)));
    assertTrue(in(card(w, kitchen.cola), "sold-out").getText().contains("품절"));
    // The cart's line is marked and the order cannot be sent until it is removed.
    w.testId("cart-open").click();
    assertFalse(w.testId("cart-submit").isEnabled());
    assertTrue(w.driver().findElement(By.id("lines")).getText().contains("지금은 주문할 수 없는"));
    w.driver().findElement(By.id("cart-close")).click();
    kitchen.patchItem(kitchen.cola, "{\"stock\":5}");
    w.waitFor(
        Duration.ofSeconds(5),
        d ->
            Boolean.FALSE.equals(
                w.script(
                    "const b = document.querySelector(`[data-item-id='${arguments[0]}']"
                        + " [data-testid='item-add']`); return !b || b.disabled;",
                    kitchen.cola)));
    // A price rule starting while the page is open: the new price, the old one struck through.
    Api.Response rule =
        api.post(
            "/api/v1/restaurants/me/menu/price-rules",
            "{\"name\":\"보리차 할인\",\"kind\":\"AMOUNT_OFF\",\"value\":500,\"days\":[],"
                + "\"from\":\"00:00\",\"to\":\"23:59\",\"priority\":1,\"item_ids\":[\""
                + kitchen.tea
                + "\"]}",
            kitchen.owner.token());
    assertEquals(201, rule.status(), rule::toString);
    w.waitFor(
        Duration.ofSeconds(5),
        d ->
            Boolean.TRUE.equals(
                w.script(
                    "const c = document.querySelector(`[data-item-id='${arguments[0]}']`);"
                        + " return !!c && !!c.querySelector('s') && c.textContent.includes('1,000원');",
                    kitchen.tea)));
    assertTrue(card(w, kitchen.tea).findElement(By.cssSelector("s")).getText().contains("1,500"));
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  @Order(9)
  void aGuestErasesTheirDetailsFromTheOrderAfterConfirming() {
    Api.Response placed =
        api.post("/api/v1/orders", Scenario.orderBody(kitchen.id(), kitchen.tea, 1), null);
    assertEquals(201, placed.status(), placed::toString);
    String id = placed.text("id");
    String token = placed.text("order_token");
    Browser.Window w = phone();
    w.open(base() + "/o/" + id + "#t=" + token);
    assertTrue(w.testId("customer-details").getText().contains("Lee"));
    w.testId("erase-my-data").click();
    w.waitFor(Duration.ofSeconds(5), d -> d.findElement(By.id("confirm")).isDisplayed());
    assertEquals(List.of(), w.accessibilityProblems());
    w.driver().findElement(By.id("confirm-yes")).click();
    w.waitFor(
        Duration.ofSeconds(5),
        d -> d.findElements(Browser.Window.byTestId("customer-details")).isEmpty());
    assertTrue(w.all("erase-my-data").stream().noneMatch(WebElement::isDisplayed));
    JsonNode after = api.get("/api/v1/orders/" + id, token).json();
    assertTrue(after.path("customer").path("name").isNull(), after::toString);
    assertTrue(after.path("customer").path("phone").isNull(), after::toString);
    assertTrue(after.path("note").isNull(), after::toString);
    JsonNode board =
        kitchen.orders().stream()
            .filter(o -> o.path("id").asText().equals(id))
            .findFirst()
            .orElseThrow();
    assertTrue(board.path("customer").path("name").isNull(), board::toString);
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  @Order(10)
  void whenTheServerStillRefusesTheCartShowsItsProblemReadably() {
    Browser.Window w = phone();
    w.open(base() + "/r/" + kitchen.id());
    in(card(w, kitchen.tea), "item-add").click();
    w.testId("cart-open").click();
    // The restaurant pauses after the page has read that it is open: the server refuses the order.
    kitchen.settings("{\"paused\":true}");
    try {
      w.testId("cart-submit").click();
      WebElement problem = w.testId("cart-problem");
      assertTrue(problem.getText().contains("잠시 주문을 받지 않습니다"), problem.getText());
      w.waitFor(
          Duration.ofSeconds(5),
          d -> !d.findElements(Browser.Window.byTestId("restaurant-closed")).isEmpty());
      assertFalse(w.testId("cart-submit").isEnabled());
      assertTrue(w.driver().getCurrentUrl().contains("/r/"), "no order page");
      assertEquals(List.of(), w.accessibilityProblems());
      // Chromium logs the refused request itself; nothing else may be in the console.
      List<String> errors = w.consoleErrors();
      assertTrue(
          errors.stream().allMatch(e -> e.contains("/api/v1/orders") && e.contains("422")),
          errors::toString);
    } finally {
      kitchen.settings("{\"paused\":false}");
    }
  }
}
