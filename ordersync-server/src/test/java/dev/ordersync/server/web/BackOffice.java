package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.RunningServer;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** What the back-office browser tests share: signing in through the page, opening a screen. */
final class BackOffice {
  static final String PASSWORD = "correct horse battery";

  private BackOffice() {}

  /** Signs in on /app/ through the login hooks and waits until the app's frame is shown. */
  static void signIn(Browser.Window w, RunningServer server, String email, String password) {
    w.open("http://127.0.0.1:" + server.port() + "/app/");
    w.testId("login-email").sendKeys(email);
    w.testId("login-password").sendKeys(password);
    w.testId("login-submit").click();
    w.waitFor(Duration.ofSeconds(10), d -> d.findElement(By.id("signed-in")).isDisplayed());
  }

  /** Opens a screen by its hash and waits for its heading. */
  static void open(Browser.Window w, String screen) {
    w.script("location.hash = '#/" + screen + "'");
    w.waitFor(
        Duration.ofSeconds(10),
        d ->
            screen.equals(d.findElement(By.id("screen")).getAttribute("data-screen"))
                && !d.findElements(By.cssSelector("#screen h1")).isEmpty());
  }

  /** Replaces a text field's value as a person would (select all, type). */
  static void type(WebElement input, String text) {
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(text);
  }

  /** Sets a date or time control's value (their typed format depends on the browser's locale). */
  static void set(Browser.Window w, WebElement input, String value) {
    w.script(
        "arguments[0].value = arguments[1];"
            + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            + " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        input,
        value);
  }

  /** A screenshot of the screen from its top, without a passing toast (docs/screenshots). */
  static void shot(Browser.Window w, String name) {
    w.script(
        "window.scrollTo(0, 0); document.getElementById('toast').classList.remove('shown');"
            + " document.activeElement && document.activeElement.blur()");
    w.screenshotTo(name);
  }

  /** Clicks after scrolling the element to the middle (the sticky top bar can cover the top). */
  static void click(Browser.Window w, WebElement e) {
    w.script("arguments[0].scrollIntoView({block: 'center'})", e);
    e.click();
  }

  /** Confirms the open confirmation dialog. */
  static void confirm(Browser.Window w) {
    w.testId("confirm-ok").click();
    w.waitFor(Duration.ofSeconds(5), d -> w.all("confirm-dialog").isEmpty());
  }

  /**
   * The browser logs every refused request as a console error: after a refusal the test caused on
   * purpose, takes those entries, and fails on any other.
   */
  static void refused(Browser.Window w, int status) {
    List<String> errors = w.consoleErrors();
    assertTrue(!errors.isEmpty(), "the refusal reached the server");
    for (String e : errors) {
      assertTrue(e.contains("the server responded with a status of " + status), e);
    }
  }

  /** No serious or critical axe violation and no console error on the page as it is now. */
  static void clean(Browser.Window w, String where) {
    assertEquals(List.of(), w.accessibilityProblems(), where + ": axe");
    assertEquals(List.of(), w.consoleErrors(), where + ": console");
  }
}
