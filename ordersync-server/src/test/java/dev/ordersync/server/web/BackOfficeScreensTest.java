package dev.ordersync.server.web;

import static dev.ordersync.server.web.BackOffice.PASSWORD;
import static dev.ordersync.server.web.BackOffice.clean;
import static dev.ordersync.server.web.BackOffice.click;
import static dev.ordersync.server.web.BackOffice.confirm;
import static dev.ordersync.server.web.BackOffice.open;
import static dev.ordersync.server.web.BackOffice.refused;
import static dev.ordersync.server.web.BackOffice.set;
import static dev.ordersync.server.web.BackOffice.shot;
import static dev.ordersync.server.web.BackOffice.signIn;
import static dev.ordersync.server.web.BackOffice.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The owner's back-office screens in Chromium, on a server without Toss keys: hours and the pause
 * switch, settings (online payment refused plainly), staff, the QR sheet; and a STAFF login that
 * cannot reach any of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackOfficeScreensTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  @RegisterExtension static final Browser browser = Browser.create();

  static Api api;
  static Scenario.Owner owner;
  static Browser.Window w;

  @BeforeAll
  static void anOwnerSignedIn() {
    api = server.api();
    owner = server.scenario().anOwnerWithARestaurant("백오피스 식당");
    w = browser.window().size(Browser.TABLET);
    signIn(w, server, owner.email(), PASSWORD);
  }

  static JsonNode restaurant() {
    Api.Response r = api.get("/api/v1/restaurants/me", owner.token());
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  @Test
  @Order(1)
  void hoursPastMidnightAHolidayAndThePauseSwitch() {
    open(w, "hours");
    clean(w, "hours");
    w.testId("range-add").click();
    w.testId("range-add").click();
    List<WebElement> ranges = w.all("range");
    assertEquals(2, ranges.size());
    new Select(ranges.get(0).findElement(By.cssSelector("[data-testid=range-day]")))
        .selectByValue("FRIDAY");
    set(w, ranges.get(0).findElement(By.cssSelector("[data-testid=range-opens]")), "18:00");
    set(w, ranges.get(0).findElement(By.cssSelector("[data-testid=range-closes]")), "02:00");
    new Select(ranges.get(1).findElement(By.cssSelector("[data-testid=range-day]")))
        .selectByValue("SATURDAY");
    set(w, ranges.get(1).findElement(By.cssSelector("[data-testid=range-opens]")), "00:00");
    set(w, ranges.get(1).findElement(By.cssSelector("[data-testid=range-closes]")), "00:00");
    w.testId("holiday-add").click();
    set(w, w.testId("holiday-date"), "2026-12-25");
    w.testId("hours-save").click();
    w.waitFor(
        Duration.ofSeconds(5), d -> restaurant().path("opening_hours").path("weekly").size() == 2);
    JsonNode hours = restaurant().path("opening_hours");
    assertEquals("FRIDAY", hours.path("weekly").get(0).path("day").asText());
    assertEquals("18:00", hours.path("weekly").get(0).path("opens").asText());
    assertEquals("02:00", hours.path("weekly").get(0).path("closes").asText());
    assertEquals("2026-12-25", hours.path("holidays").get(0).asText());

    // A bad range is refused by the server and said next to the field it names.
    w.testId("range-add").click();
    WebElement third = w.all("range").get(2);
    set(w, third.findElement(By.cssSelector("[data-testid=range-opens]")), "");
    w.testId("hours-save").click();
    w.waitFor(
        Duration.ofSeconds(5),
        d ->
            d.findElements(By.cssSelector("#screen .error-text")).stream()
                .anyMatch(e -> e.isDisplayed() && !e.getText().isBlank()));
    assertEquals(2, restaurant().path("opening_hours").path("weekly").size());
    refused(w, 422);
    third.findElement(By.cssSelector("button.link")).click();

    assertFalse(restaurant().path("paused").asBoolean());
    click(w, w.testId("pause-toggle"));
    w.waitFor(Duration.ofSeconds(5), d -> restaurant().path("paused").asBoolean());
    w.waitFor(
        Duration.ofSeconds(5),
        d -> w.testId("hours-status").getAttribute("class").contains("warn"));
    click(w, w.testId("pause-toggle"));
    w.waitFor(Duration.ofSeconds(5), d -> !restaurant().path("paused").asBoolean());
    clean(w, "hours after saving");
  }

  @Test
  @Order(2)
  void settingsChangeAndOnlinePaymentIsRefusedPlainly() {
    open(w, "settings");
    clean(w, "settings");
    type(w.testId("set-prep"), "25");
    type(w.testId("set-prefix"), "t");
    w.testId("set-auto-accept").click();
    assertTrue(w.testId("set-text-accepted").isSelected(), "accepted and ready by default");
    w.testId("set-text-rejected").click();
    w.testId("settings-save").click();
    w.waitFor(Duration.ofSeconds(5), d -> restaurant().path("prep_minutes").asInt() == 25);
    JsonNode r = restaurant();
    assertEquals("T", r.path("order_prefix").asText());
    assertTrue(r.path("auto_accept").asBoolean());
    assertEquals("[\"accepted\",\"ready\",\"rejected\"]", r.path("guest_texts").toString());

    new Select(w.testId("set-payment")).selectByValue("ONLINE");
    w.testId("settings-save").click();
    WebElement error =
        w.waitFor(
            Duration.ofSeconds(5),
            d -> {
              String id = w.testId("set-payment").getAttribute("id");
              WebElement e = d.findElement(By.id(id + "-err"));
              return e.getText().contains("ORDERSYNC_TOSS_SECRET_KEY") ? e : null;
            });
    assertTrue(error.isDisplayed());
    assertEquals("true", w.testId("set-payment").getAttribute("aria-invalid"));
    assertEquals("AT_COUNTER", restaurant().path("payment_mode").asText());
    refused(w, 422);

    // The owner's own second factor: the otpauth address is shown, a wrong code is refused.
    w.testId("mfa-start").click();
    assertTrue(w.testId("mfa-uri").getText().startsWith("otpauth://totp/"));
    w.testId("mfa-code").sendKeys("000000");
    w.testId("mfa-confirm").click();
    w.waitFor(
        Duration.ofSeconds(5),
        d ->
            d.findElements(By.cssSelector("[data-testid=mfa] .error-text")).stream()
                .anyMatch(e -> !e.getText().isBlank()));
    refused(w, 422);
    clean(w, "settings after saving");

    // Turned on with the app's code, then off again with the password (a wrong one is said so).
    byte[] secret = base32(w.testId("mfa-secret").getText().replace(" ", ""));
    type(
        w.testId("mfa-code"),
        dev.ordersync.core.user.Totp.code(
            secret, dev.ordersync.core.user.Totp.step(java.time.Instant.now())));
    w.testId("mfa-confirm").click();
    w.waitFor(Duration.ofSeconds(5), d -> !w.all("recovery-codes").isEmpty());
    open(w, "hours");
    open(w, "settings");
    type(w.testId("mfa-off-password"), "not the password");
    w.testId("mfa-off").click();
    w.waitFor(
        Duration.ofSeconds(5),
        d ->
            d.findElements(By.cssSelector("[data-testid=mfa] .form-error")).stream()
                .anyMatch(e -> e.getText().contains("비밀번호가 맞지 않습니다")));
    refused(w, 422);
    clean(w, "settings with 2-step sign-in on");
    type(w.testId("mfa-off-password"), PASSWORD);
    w.testId("mfa-off").click();
    w.waitFor(Duration.ofSeconds(5), d -> w.testId("mfa-state").getText().contains("2단계 인증을 껐습니다"));

    // The English switch redraws the screen in English, and back.
    w.driver().findElement(By.cssSelector(".topbar [data-lang-switch]")).click();
    w.waitFor(
        Duration.ofSeconds(5),
        d -> d.findElement(By.cssSelector("#screen h1")).getText().equals("Settings"));
    assertEquals("en", w.script("return document.documentElement.lang"));
    clean(w, "settings in English");
    w.driver().findElement(By.cssSelector(".topbar [data-lang-switch]")).click();
    w.waitFor(
        Duration.ofSeconds(5),
        d -> d.findElement(By.cssSelector("#screen h1")).getText().equals("설정"));
  }

  @Test
  @Order(3)
  void staffAreAddedAndRemovedWithAConfirmation() {
    open(w, "staff");
    clean(w, "staff");
    assertEquals(1, w.all("staff-row").size());
    String email = "cook-" + UUID.randomUUID() + "@example.kr";
    w.testId("staff-name").sendKeys("박서준");
    w.testId("staff-email").sendKeys(email);
    w.testId("staff-password").sendKeys("a long staff password");
    w.testId("staff-add").click();
    w.waitFor(Duration.ofSeconds(5), d -> w.all("staff-row").size() == 2);
    assertTrue(staffEmails().contains(email));

    WebElement row =
        w.all("staff-row").stream().filter(e -> e.getText().contains(email)).findFirst().get();
    row.findElement(By.cssSelector("[data-testid=staff-remove]")).click();
    // Cancel first: nothing happens.
    w.driver().findElement(By.cssSelector("[data-testid=confirm-dialog] button")).click();
    assertEquals(2, staffEmails().size());
    row.findElement(By.cssSelector("[data-testid=staff-remove]")).click();
    clean(w, "staff: the confirmation dialog");
    confirm(w);
    w.waitFor(Duration.ofSeconds(5), d -> w.all("staff-row").size() == 1);
    assertFalse(staffEmails().contains(email));
    clean(w, "staff after removing");
  }

  static List<String> staffEmails() {
    Api.Response r = api.get("/api/v1/restaurants/me/staff", owner.token());
    assertEquals(200, r.status(), r::toString);
    List<String> out = new ArrayList<>();
    r.json().path("data").forEach(m -> out.add(m.path("email").asText()));
    return out;
  }

  @Test
  @Order(4)
  void aStaffMemberCannotReachTheOwnersScreens() {
    String email = "staff-" + UUID.randomUUID() + "@example.kr";
    Api.Response added =
        api.post(
            "/api/v1/restaurants/me/staff",
            "{\"email\":\"" + email + "\",\"name\":\"최직원\",\"password\":\"a long staff password\"}",
            owner.token());
    assertEquals(201, added.status(), added::toString);
    Browser.Window staff = browser.another().size(Browser.PHONE);
    signIn(staff, server, email, "a long staff password");
    assertTrue(staff.testId("nav-board").isDisplayed());
    assertTrue(staff.testId("nav-menu").isDisplayed());
    for (String screen : List.of("hours", "settings", "staff", "sales", "qr")) {
      assertTrue(staff.all("nav-" + screen).isEmpty(), screen + " is not offered to STAFF");
      staff.script("location.hash = '#/" + screen + "'");
      staff.waitFor(Duration.ofSeconds(5), d -> !staff.all("forbidden").isEmpty());
      assertTrue(staff.all("settings-form").isEmpty() && staff.all("staff-table").isEmpty());
    }
    clean(staff, "STAFF on an owner's screen");
  }

  @Test
  @Order(5)
  void theQrSheetHasOneLoadedCodePerTableAndPrintsOnlyTheCodes() {
    // The codes come from the server (issue 18's backend: the `tables` setting and the images).
    Assumptions.assumeTrue(
        restaurant().has("tables"),
        "this server has no table QR codes (orders-privacy not merged)");
    open(w, "qr");
    w.testId("tables-count").clear();
    w.testId("tables-count").sendKeys("3");
    w.testId("tables-fill").click();
    w.testId("tables-input").sendKeys("\n창가-1");
    w.testId("tables-save").click();
    w.waitFor(Duration.ofSeconds(5), d -> restaurant().path("tables").size() == 4);
    List<String> labels = new ArrayList<>();
    restaurant().path("tables").forEach(t -> labels.add(t.asText()));
    assertEquals(List.of("1", "2", "3", "창가-1"), labels);
    w.waitFor(Duration.ofSeconds(5), d -> w.all("qr-card").size() == 4);
    w.waitFor(
        Duration.ofSeconds(10),
        d ->
            w.all("qr-image").stream()
                .allMatch(
                    i ->
                        Boolean.TRUE.equals(
                            w.script(
                                "return arguments[0].complete && arguments[0].naturalWidth > 0",
                                i))));
    for (WebElement card : w.all("qr-card")) {
      String png = card.findElement(Browser.Window.byTestId("qr-png")).getAttribute("href");
      Api.Response r = api.get(png.substring(png.indexOf("/api/")), null);
      assertEquals(200, r.status(), png);
      assertTrue(r.header("Content-Type").startsWith("image/png"), png);
    }
    // Printed: the app's frame and the editor are hidden, the labelled codes remain.
    ((org.openqa.selenium.chromium.HasCdp) w.driver())
        .executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("media", "print"));
    assertFalse(w.driver().findElement(By.cssSelector(".topbar")).isDisplayed());
    assertFalse(w.all("tables-form").get(0).isDisplayed());
    assertFalse(w.all("qr-print").get(0).isDisplayed());
    assertEquals(4, w.all("qr-card").stream().filter(WebElement::isDisplayed).count());
    shot(w, "app-qr-sheet");
    ((org.openqa.selenium.chromium.HasCdp) w.driver())
        .executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("media", ""));
    clean(w, "qr");
  }

  private static byte[] base32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }
}
