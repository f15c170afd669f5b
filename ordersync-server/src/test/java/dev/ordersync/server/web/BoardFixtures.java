package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ordersync.core.user.Totp;
import dev.ordersync.server.Api;
import dev.ordersync.server.Scenario;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What the board's browser tests share: signing in by the hooks, staff, a second factor, cards. */
final class BoardFixtures {
  static final String PASSWORD = "correct horse battery";

  private BoardFixtures() {}

  /** Signs in on /app/ with the login hooks and waits for the board to be live. */
  static void signIn(Browser.Window w, int port, String email, String password) {
    w.open("http://127.0.0.1:" + port + "/app/#/board");
    w.testId("login-email").sendKeys(email);
    w.testId("login-password").sendKeys(password);
    w.testId("login-submit").click();
  }

  static void waitLive(Browser.Window w) {
    w.testId("board");
    w.waitFor(
        Duration.ofSeconds(10),
        d -> "live".equals(w.testId("connection-status").getAttribute("data-state")));
  }

  /** A STAFF member of the owner's restaurant; returns their email (password "cook password"). */
  static String aStaffMember(Api api, Scenario.Owner owner) {
    String email = "cook-" + UUID.randomUUID() + "@example.kr";
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/staff",
            "{\"email\":\"" + email + "\",\"name\":\"Cook\",\"password\":\"cook password\"}",
            owner.token());
    assertEquals(201, r.status(), r::toString);
    return email;
  }

  /** Turns on TOTP for the account of this access token; returns the secret. */
  static byte[] enrolTotp(Api api, String token) {
    Api.Response started = api.post("/api/v1/auth/mfa/totp", null, token);
    assertEquals(200, started.status(), started::toString);
    byte[] secret = base32(started.text("secret"));
    Api.Response confirmed =
        api.post(
            "/api/v1/auth/mfa/totp/confirm",
            "{\"code\":\"" + Totp.code(secret, Totp.step(Instant.now())) + "\"}",
            token);
    assertEquals(200, confirmed.status(), confirmed::toString);
    return secret;
  }

  /** A code of a later step than the confirmation's (each step's code works once). */
  static String nextCode(byte[] secret) {
    return Totp.code(secret, Totp.step(Instant.now()) + 1);
  }

  static byte[] base32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.replace("=", "").toUpperCase().toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  /** The card of this order, waited for. */
  static WebElement card(Browser.Window w, String orderId, Duration timeout) {
    return w.waitFor(
        timeout,
        d -> {
          List<WebElement> found =
              d.findElements(
                  By.cssSelector("[data-testid='order-card'][data-order-id='" + orderId + "']"));
          return found.isEmpty() ? null : found.get(0);
        });
  }

  /** Waits until the order's card shows this status. */
  static WebElement cardInStatus(Browser.Window w, String orderId, String status) {
    return w.waitFor(
        Duration.ofSeconds(5),
        d -> {
          List<WebElement> found =
              d.findElements(
                  By.cssSelector(
                      "[data-testid='order-card'][data-order-id='"
                          + orderId
                          + "'][data-status='"
                          + status
                          + "']"));
          return found.isEmpty() ? null : found.get(0);
        });
  }

  static WebElement action(WebElement card, String action) {
    return card.findElement(By.cssSelector("[data-testid='action-" + action + "']"));
  }

  /** A number from window.__boardStats. */
  static double stat(Browser.Window w, String name) {
    Object v = w.script("return (window.__boardStats || {})[arguments[0]];", name);
    return v == null ? Double.NaN : ((Number) v).doubleValue();
  }
}
