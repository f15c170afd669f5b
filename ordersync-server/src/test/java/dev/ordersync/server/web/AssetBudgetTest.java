package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The size budgets of issues 17 and 18, as sent (gzip): the restaurant app's scripts and styles
 * together under 100 KB; the guest's menu page's own files (page, scripts, styles) well under its
 * 150 KB first-load budget, which the browser test measures over the wire.
 */
class AssetBudgetTest {
  static final Assets assets = Assets.fromClasspath("web");

  static long sent(Assets.Asset a) {
    return a.gzip() != null ? a.gzip().length : a.body().length;
  }

  static long total(String... prefixes) {
    Map<String, Long> sizes = new TreeMap<>();
    assets
        .all()
        .forEach(
            (path, a) -> {
              boolean code = path.endsWith(".js") || path.endsWith(".css");
              for (String p : prefixes) {
                if (code && path.startsWith(p)) {
                  sizes.put(path, sent(a));
                }
              }
            });
    System.out.println("asset budget " + String.join("+", prefixes) + ": " + sizes);
    return sizes.values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void theRestaurantAppsScriptsAndStylesStayUnder100KilobytesCompressed() {
    long sent = total("app/", "shared/");
    System.out.println("app JS+CSS gzip total: " + sent + " bytes");
    assertTrue(sent < 100 * 1024, "the app sends " + sent + " bytes of JS and CSS");
  }

  @Test
  void theGuestPagesScriptsAndStylesStayUnder100KilobytesCompressed() {
    long sent = total("guest/", "shared/");
    System.out.println("guest JS+CSS gzip total: " + sent + " bytes");
    assertTrue(sent < 100 * 1024, "the guest pages send " + sent + " bytes of JS and CSS");
  }
}
