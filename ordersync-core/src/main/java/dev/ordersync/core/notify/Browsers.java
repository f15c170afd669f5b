package dev.ordersync.core.notify;

/**
 * The browser family and system of a {@code User-Agent}, in words a person recognises ("Chrome on
 * Windows"), for the new-login email. Only the common families; anything else is "unknown browser".
 */
final class Browsers {
  private Browsers() {}

  static String describe(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "알 수 없는 브라우저 (unknown browser)";
    }
    String ua = userAgent;
    String browser =
        has(ua, "KAKAOTALK")
            ? "KakaoTalk"
            : has(ua, "NAVER(inapp") || has(ua, "Whale/")
                ? "Naver Whale"
                : has(ua, "SamsungBrowser/")
                    ? "Samsung Internet"
                    : has(ua, "Edg/")
                        ? "Edge"
                        : has(ua, "OPR/")
                            ? "Opera"
                            : has(ua, "Firefox/")
                                ? "Firefox"
                                : has(ua, "Chrome/") || has(ua, "CriOS/")
                                    ? "Chrome"
                                    : has(ua, "Safari/")
                                        ? "Safari"
                                        : has(ua, "Java-http-client") || has(ua, "curl/")
                                            ? "API client"
                                            : "알 수 없는 브라우저 (unknown browser)";
    String system =
        has(ua, "Windows")
            ? "Windows"
            : has(ua, "Android")
                ? "Android"
                : has(ua, "iPhone") || has(ua, "iPad")
                    ? "iOS"
                    : has(ua, "Mac OS X")
                        ? "macOS"
                        : has(ua, "CrOS") ? "ChromeOS" : has(ua, "Linux") ? "Linux" : null;
    return system == null ? browser : browser + " (" + system + ")";
  }

  private static boolean has(String ua, String token) {
    return ua.contains(token);
  }
}
