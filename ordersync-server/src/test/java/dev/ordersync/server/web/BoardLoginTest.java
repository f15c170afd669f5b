package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * Signing in to the board: with a password alone, with the second factor, and as STAFF, who sees
 * the board but none of the owner's screens.
 */
class BoardLoginTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  @RegisterExtension static final Browser browser = Browser.create();
  static final Api api = server.api();

  @Test
  void anOwnerWithoutASecondFactorSignsInToTheLiveBoard() {
    Scenario.Owner owner = server.scenario().anOwnerWithARestaurant("비밀번호 식당");
    Browser.Window w = browser.another().size(Browser.TABLET);
    BoardFixtures.signIn(w, server.port(), owner.email(), BoardFixtures.PASSWORD);
    BoardFixtures.waitLive(w);
    assertTrue(w.testId("nav-settings").isDisplayed());
    assertEquals(List.of(), w.accessibilityProblems());
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  void anOwnerWithTotpSignsInWithTheCodeAndAWrongCodeIsSaidPlainly() {
    Scenario.Owner owner = server.scenario().anOwnerWithARestaurant("2단계 식당");
    byte[] secret = BoardFixtures.enrolTotp(api, owner.token());
    Browser.Window w = browser.another().size(Browser.PHONE);
    BoardFixtures.signIn(w, server.port(), owner.email(), BoardFixtures.PASSWORD);
    w.testId("login-code").sendKeys("000000");
    w.testId("login-code-submit").click();
    w.waitFor(
        Duration.ofSeconds(5),
        d -> d.findElement(By.id("mfa-error")).getText().contains("코드가 맞지 않습니다"));
    assertTrue(w.all("board").isEmpty(), "no board before the second factor");
    List<String> refused = w.consoleErrors();
    assertEquals(1, refused.size(), refused::toString);
    assertTrue(refused.get(0).contains("/api/v1/auth/login/mfa") && refused.get(0).contains("401"));
    w.testId("login-code").clear();
    w.testId("login-code").sendKeys(BoardFixtures.nextCode(secret));
    w.testId("login-code-submit").click();
    BoardFixtures.waitLive(w);
    assertTrue(w.localStorage().values().stream().noneMatch(v -> v.contains("rt_")));
    assertEquals(List.of(), w.accessibilityProblems());
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  void aStaffMemberSeesTheBoardButNoOwnerScreen() {
    Scenario.Owner owner = server.scenario().anOwnerWithARestaurant("직원 식당");
    String cook = BoardFixtures.aStaffMember(api, owner);
    String item = server.scenario().anItem(owner, "떡볶이", 6000, null);
    String order = server.scenario().anAnonymousOrder(owner.restaurantId(), item, 1).text("id");
    Browser.Window w = browser.another().size(Browser.TABLET);
    BoardFixtures.signIn(w, server.port(), cook, "cook password");
    BoardFixtures.waitLive(w);
    BoardFixtures.card(w, order, Duration.ofSeconds(3));
    assertTrue(w.testId("nav-board").isDisplayed());
    assertTrue(w.testId("nav-menu").isDisplayed());
    for (String screen : List.of("hours", "settings", "staff", "sales", "qr")) {
      assertTrue(w.all("nav-" + screen).isEmpty(), "no link to " + screen);
    }
    w.script("location.hash = '#/settings'");
    assertTrue(w.testId("forbidden").isDisplayed());
    w.script("location.hash = '#/board'");
    BoardFixtures.action(BoardFixtures.card(w, order, Duration.ofSeconds(3)), "accept").click();
    BoardFixtures.cardInStatus(w, order, "ACCEPTED");
    assertEquals(
        "ACCEPTED",
        api.get("/api/v1/orders/" + order, owner.token()).text("status"),
        "STAFF moves orders");
    assertEquals(List.of(), w.consoleErrors());
  }
}
