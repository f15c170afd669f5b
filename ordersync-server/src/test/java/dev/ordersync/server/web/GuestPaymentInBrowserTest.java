package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Paying online from the guest's cart in a real Chromium at phone size, through a fake of Toss's
 * payment window served by the test (its script's address is the server's
 * ORDERSYNC_TOSS_SCRIPT_URL, so the payment page's CSP lets it in) and the fake Toss API that the
 * server confirms with: a payment that succeeds, one the guest gives up (back on the cart with
 * Toss's message, then paid for the same order), and a reload in the middle of paying.
 */
class GuestPaymentInBrowserTest {
  static final GuestFakeTossWindow tossWindow = GuestFakeTossWindow.start();
  static final String CLIENT_KEY = "test_ck_ordersync_guest_pages";

  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(
              Map.of(
                  "ORDERSYNC_TOSS_SCRIPT_URL",
                  tossWindow.scriptUrl(),
                  "ORDERSYNC_TOSS_CLIENT_KEY",
                  CLIENT_KEY))
          .withFakeToss("test_sk_ordersync_guest_pages");

  @RegisterExtension static final Browser browser = Browser.create();
  static final Api api = server.api();
  static GuestKitchen kitchen;

  static String base() {
    return "http://127.0.0.1:" + server.port();
  }

  @BeforeAll
  static void anOnlineRestaurant() {
    tossWindow.useToss(server::toss);
    kitchen = new GuestKitchen(api, server.scenario(), "온라인 식당", base());
    kitchen.settings("{\"payment_mode\":\"ONLINE\"}");
  }

  @AfterAll
  static void closeTheWindow() {
    tossWindow.close();
  }

  @BeforeEach
  void succeedByDefault() {
    tossWindow.mode(GuestFakeTossWindow.Mode.SUCCEED);
  }

  static Browser.Window phone() {
    return browser.window().size(Browser.PHONE);
  }

  static void add(Browser.Window w, String itemId) {
    WebElement card =
        w.waitFor(
            Duration.ofSeconds(5),
            d ->
                d
                    .findElements(
                        By.cssSelector(
                            "[data-testid='menu-item'][data-item-id='"
                                + itemId
                                + "'] [data-testid='item-add']"))
                    .stream()
                    .findFirst()
                    .orElse(null));
    card.click();
  }

  static void submit(Browser.Window w) {
    w.testId("cart-open").click();
    assertTrue(w.testId("pay-online").isSelected());
    assertFalse(w.testId("pay-counter").isEnabled());
    w.testId("cart-submit").click();
  }

  static String orderPage(Browser.Window w) {
    w.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().matches(".*/o/[0-9a-f-]{36}$"));
    Matcher m = Pattern.compile("/o/([0-9a-f-]{36})$").matcher(w.driver().getCurrentUrl());
    assertTrue(m.find());
    return m.group(1);
  }

  static void status(Browser.Window w, String status) {
    w.waitFor(
        Duration.ofSeconds(10),
        d ->
            status.equals(
                w.script(
                    "const e = document.querySelector(\"[data-testid='order-status']\");"
                        + " return e ? e.dataset.status : null;")));
  }

  static long ordersOfTheRestaurant() {
    try (Connection c = server.database().connect();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM orders WHERE restaurant_id = ?")) {
      s.setObject(1, UUID.fromString(kitchen.id()));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode onTheBoard(String orderId) {
    return kitchen.orders().stream()
        .filter(o -> o.path("id").asText().equals(orderId))
        .findFirst()
        .orElse(null);
  }

  @Test
  void anOnlinePaymentGoesThroughTossesWindowAndIsConfirmedByTheServer() {
    Browser.Window w = phone();
    long before = ordersOfTheRestaurant();
    int calls = tossWindow.calls().size();
    int confirms = server.toss().confirmCalls();
    w.open(base() + "/r/" + kitchen.id());
    add(w, kitchen.kimbap);
    add(w, kitchen.tea);
    submit(w);
    String id = orderPage(w);
    status(w, "PLACED");

    List<GuestFakeTossWindow.Call> all = tossWindow.calls();
    assertEquals(calls + 1, all.size(), all::toString);
    GuestFakeTossWindow.Call call = all.get(all.size() - 1);
    JsonNode order = onTheBoard(id);
    assertTrue(order != null, "the paid order reaches the restaurant");
    assertEquals(CLIENT_KEY, call.clientKey());
    assertEquals("카드", call.method());
    assertEquals(id, call.orderId());
    assertEquals(order.path("total").asLong(), call.amount());
    assertEquals(5000, call.amount());
    assertTrue(call.orderName().contains("김밥"), call.orderName());
    assertEquals(base() + "/o/" + id + "/pay/success", call.successUrl());
    assertEquals(base() + "/o/" + id + "/pay/fail", call.failUrl());
    assertEquals("amount,failUrl,orderId,orderName,successUrl", call.keys());
    assertEquals(confirms + 1, server.toss().confirmCalls());
    assertEquals(before + 1, ordersOfTheRestaurant());
    assertEquals("5,000원", w.testId("order-total").getText());
    assertFalse(w.driver().getCurrentUrl().contains("paymentKey"));
    assertEquals(List.of(), w.accessibilityProblems());
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  void aPaymentGivenUpBringsTheGuestBackToTheCartWithTossesMessageAndTheSameOrderIsPaidNext() {
    Browser.Window w = phone();
    long before = ordersOfTheRestaurant();
    tossWindow.mode(GuestFakeTossWindow.Mode.FAIL);
    w.open(base() + "/r/" + kitchen.id());
    add(w, kitchen.tea);
    submit(w);
    w.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().equals(base() + "/r/" + kitchen.id()));
    WebElement problem = w.testId("cart-problem");
    assertTrue(problem.getText().contains(GuestFakeTossWindow.FAIL_MESSAGE), problem.getText());
    String failedOrder = tossWindow.calls().get(tossWindow.calls().size() - 1).orderId();
    assertEquals(null, onTheBoard(failedOrder), "an unpaid order does not reach the restaurant");
    assertEquals(List.of(), w.accessibilityProblems());

    tossWindow.mode(GuestFakeTossWindow.Mode.SUCCEED);
    w.testId("cart-submit").click();
    String id = orderPage(w);
    status(w, "PLACED");
    assertEquals(failedOrder, id, "the same order is paid, no second one is made");
    assertEquals(before + 1, ordersOfTheRestaurant());
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  void aReloadInTheMiddleOfPayingMakesNoSecondOrder() {
    Browser.Window w = phone();
    long before = ordersOfTheRestaurant();
    tossWindow.mode(GuestFakeTossWindow.Mode.HOLD);
    w.open(base() + "/r/" + kitchen.id());
    add(w, kitchen.cola);
    submit(w);
    w.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("/pay"));
    String held =
        (String)
            w.waitFor(Duration.ofSeconds(5), d -> w.script("return window.__tossHeld || null"));
    assertTrue(w.driver().getCurrentUrl().endsWith("/o/" + held + "/pay"));
    assertTrue(w.testId("pay-amount").getText().contains("2,000"));
    assertEquals(List.of(), w.accessibilityProblems());

    w.driver().navigate().refresh();
    assertEquals(
        held, w.waitFor(Duration.ofSeconds(5), d -> w.script("return window.__tossHeld || null")));
    // Back to the menu and "order" the same cart again: it is the same order, waiting to be paid.
    w.driver().navigate().back();
    w.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().contains("/r/"));
    w.testId("cart-open").click();
    w.testId("cart-submit").click();
    w.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("/o/" + held + "/pay"));
    assertEquals(before + 1, ordersOfTheRestaurant());

    tossWindow.mode(GuestFakeTossWindow.Mode.SUCCEED);
    w.driver().navigate().refresh();
    assertEquals(held, orderPage(w));
    status(w, "PLACED");
    assertEquals(before + 1, ordersOfTheRestaurant());
    assertEquals(List.of(), w.consoleErrors());
  }
}
