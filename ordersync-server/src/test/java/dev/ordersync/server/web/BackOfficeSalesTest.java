package dev.ordersync.server.web;

import static dev.ordersync.server.web.BackOffice.PASSWORD;
import static dev.ordersync.server.web.BackOffice.clean;
import static dev.ordersync.server.web.BackOffice.open;
import static dev.ordersync.server.web.BackOffice.shot;
import static dev.ordersync.server.web.BackOffice.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The sales screen in Chromium: today's settlement of paid online orders, and 30 days drawn. */
class BackOfficeSalesTest {
  @RegisterExtension
  static final RunningServer server = RunningServer.create().withFakeToss("test_sk_backoffice");

  @RegisterExtension static final Browser browser = Browser.create();

  static String won(long amount) {
    return NumberFormat.getIntegerInstance(Locale.KOREA).format(amount) + "원";
  }

  @Test
  void todaysSettlementAndTheLastThirtyDays() {
    Api api = server.api();
    Scenario scenario = server.scenario();
    Scenario.Owner owner = scenario.anOwnerWithARestaurant("매출 식당");
    Api.Response online =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"payment_mode\":\"ONLINE\"}",
            owner.token(),
            null,
            null);
    assertEquals(200, online.status(), online::toString);
    String dish = scenario.anItem(owner, "갈비탕", 13000, null);
    String first = null;
    for (int i = 1; i <= 2; i++) {
      Api.Response o = scenario.anAnonymousOrder(owner.restaurantId(), dish, i);
      String pk = "tpk_" + UUID.randomUUID().toString().replace("-", "");
      long total = o.json().path("total").asLong();
      server.toss().authorize(pk, o.text("id"), total, "카드");
      Api.Response paid =
          api.post(
              "/api/v1/payments/confirm",
              "{\"payment_key\":\""
                  + pk
                  + "\",\"order_id\":\""
                  + o.text("id")
                  + "\",\"amount\":"
                  + total
                  + "}",
              o.text("order_token"));
      assertEquals(200, paid.status(), paid::toString);
      if (first == null) {
        first = o.text("id");
      }
    }
    Api.Response refund =
        api.post(
            "/api/v1/restaurants/me/orders/" + first + "/refund",
            "{\"amount\":1000,\"reason\":\"국물이 식음\"}",
            owner.token());
    assertEquals(201, refund.status(), refund::toString);
    String today = LocalDate.now(ZoneId.of("Asia/Seoul")).toString();
    JsonNode s = api.get("/api/v1/restaurants/me/settlements?date=" + today, owner.token()).json();
    assertEquals(39000, s.path("gross").asLong());

    Browser.Window w = browser.window().size(Browser.TABLET);
    signIn(w, server, owner.email(), PASSWORD);
    open(w, "sales");
    assertEquals(won(39000), w.testId("sales-gross").getText());
    assertEquals(won(1000), w.testId("sales-refunds").getText());
    assertEquals(won(s.path("fee").asLong()), w.testId("sales-fee").getText());
    assertEquals(won(s.path("net").asLong()), w.testId("sales-net").getText());

    WebElement chart = w.testId("sales-chart");
    List<WebElement> bars = chart.findElements(By.cssSelector("rect.bar"));
    assertEquals(30, bars.size());
    WebElement last = bars.get(29);
    assertEquals(today, last.getAttribute("data-date"));
    assertEquals(String.valueOf(s.path("net").asLong()), last.getAttribute("data-net"));
    assertTrue(Double.parseDouble(last.getAttribute("height")) > 100, "today is the tallest bar");
    assertEquals(0.0, Double.parseDouble(bars.get(0).getAttribute("height")));
    assertTrue(
        chart
            .findElement(By.tagName("title"))
            .getAttribute("textContent")
            .contains(won(s.path("net").asLong())));
    // The same numbers as a table, for screen readers and for anyone who wants the figures.
    List<WebElement> rows =
        w.driver().findElements(By.cssSelector("[data-testid=sales-table] tbody tr"));
    assertEquals(30, rows.size());
    assertTrue(rows.get(29).getAttribute("textContent").contains(today));
    // The 30 days' analytics: two paid orders (13,000 and 26,000), the refund, the dish sold 3
    // times.
    assertEquals("2", w.testId("analytics-orders").getText());
    assertEquals(won(39000), w.testId("analytics-gross").getText());
    assertEquals(won(1000), w.testId("analytics-refunds").getText());
    assertEquals(won(38000), w.testId("analytics-net").getText());
    assertEquals(won(19500), w.testId("analytics-aov").getText());
    assertTrue(
        w.testId("analytics-top-items").getAttribute("textContent").contains("갈비탕"),
        "the dish is the best seller");
    shot(w, "app-sales-tablet");
    clean(w, "sales");
    w.waitFor(Duration.ofSeconds(1), d -> true);
  }
}
