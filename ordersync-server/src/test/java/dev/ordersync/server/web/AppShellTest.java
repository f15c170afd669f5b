package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** The app's frame in Chromium: signing in by the test hooks, the screens an owner sees. */
class AppShellTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  @RegisterExtension static final Browser browser = Browser.create();

  @Test
  void anOwnerSignsInSeesEveryScreenAndStaysSignedInAcrossAReload() {
    Scenario.Owner owner = server.scenario().anOwnerWithARestaurant("프레임 식당");
    Browser.Window w = browser.window().size(Browser.TABLET);
    w.open("http://127.0.0.1:" + server.port() + "/app/");
    w.testId("login-email").sendKeys(owner.email());
    w.testId("login-password").sendKeys("correct horse battery");
    w.testId("login-submit").click();
    w.waitFor(
        Duration.ofSeconds(5),
        d -> d.findElement(By.id("restaurant-name")).getText().equals("프레임 식당"));
    for (String screen : List.of("board", "menu", "hours", "settings", "staff", "sales", "qr")) {
      assertTrue(w.testId("nav-" + screen).isDisplayed(), screen);
    }
    w.waitFor(
        Duration.ofSeconds(5),
        d -> "live".equals(w.testId("connection-status").getAttribute("data-state")));
    assertEquals(List.of(), w.accessibilityProblems());

    w.driver().navigate().refresh();
    w.waitFor(
        Duration.ofSeconds(5),
        d -> d.findElement(By.id("restaurant-name")).getText().equals("프레임 식당"));
    assertTrue(w.localStorage().values().stream().noneMatch(v -> v.contains("rt_")));
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  void aWrongPasswordIsSaidPlainly() {
    Browser.Window w = browser.another().size(Browser.PHONE);
    w.open("http://127.0.0.1:" + server.port() + "/app/");
    w.testId("login-email").sendKeys("nobody@example.kr");
    w.testId("login-password").sendKeys("wrong password here");
    w.testId("login-submit").click();
    w.waitFor(
        Duration.ofSeconds(5),
        d -> d.findElement(By.id("login-error")).getText().contains("맞지 않습니다"));
    assertEquals(List.of(), w.accessibilityProblems());
  }
}
