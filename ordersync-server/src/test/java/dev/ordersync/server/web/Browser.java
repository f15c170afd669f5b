package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for a test class:
 * one browser per class, started on first use and quit after the class, plus any further windows
 * the class opens with {@link #another()} (a second member of staff, a guest's phone). Nothing is
 * downloaded: the driver and the browser are the machine's files.
 *
 * <pre>{@code
 * @RegisterExtension static final RunningServer server = RunningServer.create();
 * @RegisterExtension static final Browser browser = Browser.create();
 * }</pre>
 */
public final class Browser implements AfterAllCallback {
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** The restaurant's tablet in landscape. */
  public static final Dimension TABLET = new Dimension(1280, 800);

  /** A phone (iPhone 12-15 size). */
  public static final Dimension PHONE = new Dimension(390, 844);

  private final List<Window> windows = new ArrayList<>();
  private Window main;

  private Browser() {}

  public static Browser create() {
    return new Browser();
  }

  /** The class's browser, started on first use. */
  public Window window() {
    if (main == null) {
      main = start();
    }
    return main;
  }

  /** Another browser with its own cookies and storage (another person), quit with the class. */
  public Window another() {
    return start();
  }

  private Window start() {
    assertTrue(
        Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
        "the browser tests need Debian's chromium and chromium-driver: the README's test command"
            + " installs them (apt-get install -y chromium chromium-driver)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--autoplay-policy=no-user-gesture-required",
        "--window-size=1280,800",
        "--lang=ko-KR",
        "--user-data-dir=" + tempProfile());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    Window w = new Window(new ChromeDriver(service, options));
    windows.add(w);
    return w;
  }

  private static String tempProfile() {
    try {
      Path dir = Files.createTempDirectory("ordersync-chromium-");
      dir.toFile().deleteOnExit();
      return dir.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    for (Window w : windows) {
      try {
        w.driver.quit();
      } catch (RuntimeException ignored) {
        // the browser is gone already
      }
    }
    windows.clear();
    main = null;
  }

  /** One browser window and what the tests do with it. */
  public static final class Window {
    private final ChromeDriver driver;

    Window(ChromeDriver driver) {
      this.driver = driver;
    }

    public WebDriver driver() {
      return driver;
    }

    public Window size(Dimension size) {
      driver.manage().window().setSize(size);
      return this;
    }

    public Window open(String url) {
      driver.get(url);
      return this;
    }

    /** The element with this {@code data-testid}, waited for up to 5 s. */
    public WebElement testId(String id) {
      return waitFor(Duration.ofSeconds(5), d -> visible(d.findElements(byTestId(id))));
    }

    public List<WebElement> all(String testId) {
      return driver.findElements(byTestId(testId));
    }

    public static By byTestId(String id) {
      return By.cssSelector("[data-testid='" + id + "']");
    }

    private static WebElement visible(List<WebElement> found) {
      return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    }

    /**
     * Waits until the condition holds. A screen that redraws between finding an element and reading
     * it leaves a stale reference: that read counts as "not yet", and the next poll finds the new
     * element, so the condition must still become true within the timeout.
     */
    public <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
      return new WebDriverWait(driver, timeout, Duration.ofMillis(20))
          .ignoring(StaleElementReferenceException.class)
          .until(condition::apply);
    }

    public Object script(String js, Object... args) {
      return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public Object asyncScript(String js, Object... args) {
      return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /**
     * axe-core's serious and critical violations of the page as it is now (WCAG 2.x A and AA), each
     * as "rule: target, ...": empty when the page passes.
     */
    @SuppressWarnings("unchecked")
    public List<String> accessibilityProblems() {
      if (!Boolean.TRUE.equals(script("return typeof window.axe !== 'undefined'"))) {
        script(AXE);
      }
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      Object result =
          asyncScript(
              "const done = arguments[arguments.length - 1];"
                  + "axe.run(document, {runOnly: {type: 'tag', values:"
                  + " ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
                  + ".then(r => done(r.violations.filter(v => v.impact === 'serious' ||"
                  + " v.impact === 'critical').map(v => v.id + ' (' + v.impact + '): ' +"
                  + " v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' +"
                  + " (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | '))))"
                  + ".catch(e => done(['axe failed: ' + e]));");
      return (List<String>) result;
    }

    /**
     * Console errors (a CSP violation, an uncaught exception, a failed module) since last asked.
     */
    public List<String> consoleErrors() {
      List<String> errors = new ArrayList<>();
      for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
        if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
          errors.add(e.getMessage());
        }
      }
      return errors;
    }

    public byte[] screenshot() {
      return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    }

    /** Saves a screenshot (for docs/screenshots when ORDERSYNC_SCREENSHOTS names a folder). */
    public void screenshotTo(String name) {
      String dir = System.getenv("ORDERSYNC_SCREENSHOTS");
      if (dir == null || dir.isBlank()) {
        return;
      }
      try {
        Files.createDirectories(Path.of(dir));
        Files.write(Path.of(dir, name + ".png"), screenshot());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The window's storage, to prove no token is kept there. */
    @SuppressWarnings("unchecked")
    public Map<String, String> localStorage() {
      return (Map<String, String>)
          script(
              "const o = {}; for (let i = 0; i < localStorage.length; i++) { const k ="
                  + " localStorage.key(i); o[k] = localStorage.getItem(k); } return o;");
    }
  }

  private static final String AXE = readAxe();

  private static String readAxe() {
    try (InputStream in = Browser.class.getResourceAsStream("/axe/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe-core is missing from the test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
