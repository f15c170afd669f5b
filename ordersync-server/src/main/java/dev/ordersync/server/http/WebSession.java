package dev.ordersync.server.http;

import dev.ordersync.server.edge.HttpProblem;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The web app's session (decision 32): the access token lives only in the page's memory, the
 * refresh token only in an HttpOnly, Secure, SameSite=Strict cookie that the browser sends to the
 * refresh route alone. A client asks for this by sending {@value #HEADER_VALUE} in {@code
 * X-OrderSync-Session}; that custom header is also the first CSRF defence (a cross-site form cannot
 * set it, and a cross-site script cannot without a CORS preflight, which this server never grants),
 * the {@code Origin} and {@code Sec-Fetch-Site} checks the second.
 */
final class WebSession {
  static final HeaderName HEADER = HeaderNames.create("X-OrderSync-Session");
  static final String HEADER_VALUE = "cookie";
  static final String REFRESH_COOKIE = "ordersync_refresh";
  static final String REFRESH_PATH = "/api/v1/auth/refresh";

  /**
   * A readable companion of the refresh cookie that holds no secret, only that a session may be
   * there: the page asks for a renewal only then, instead of a 401 on every visit signed out.
   */
  static final String MARKER_COOKIE = "ordersync_session";

  private static final HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");

  private WebSession() {}

  /** Whether the client asked for its refresh token as a cookie. */
  static boolean asked(ServerRequest req) {
    return req.headers()
        .first(HEADER)
        .map(v -> v.strip().equalsIgnoreCase(HEADER_VALUE))
        .orElse(false);
  }

  /**
   * Refuses a cookie refresh that a browser says came from another site: {@code Sec-Fetch-Site}
   * other than same-origin, or an {@code Origin} whose host and port are not this request's.
   */
  static void checkSameOrigin(ServerRequest req) {
    Optional<String> site = req.headers().first(SEC_FETCH_SITE);
    if (site.isPresent() && !site.get().strip().equalsIgnoreCase("same-origin")) {
      throw refused();
    }
    Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
    if (origin.isEmpty()) {
      return;
    }
    String host = req.headers().first(HeaderNames.HOST).orElse("").strip().toLowerCase(Locale.ROOT);
    String originHost;
    try {
      URI uri = URI.create(origin.get().strip());
      if (uri.getHost() == null) {
        throw refused();
      }
      originHost =
          (uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()))
              .toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw refused();
    }
    if (!originHost.equals(host) && !originHost.equals(withoutDefaultPort(host))) {
      throw refused();
    }
  }

  private static String withoutDefaultPort(String host) {
    return host.endsWith(":80") || host.endsWith(":443")
        ? host.substring(0, host.lastIndexOf(':'))
        : host;
  }

  private static HttpProblem refused() {
    return new HttpProblem(
        403, "cross_site_refused", "a session cookie is only used by this site's own pages");
  }

  static Optional<String> refreshCookie(ServerRequest req) {
    return req.headers().cookies().first(REFRESH_COOKIE).asOptional();
  }

  static void setRefreshCookie(ServerResponse res, String token, Duration lifetime) {
    res.headers().addCookie(cookie(token).maxAge(lifetime).build());
    res.headers().addCookie(marker("1").maxAge(lifetime).build());
  }

  static void clearRefreshCookie(ServerResponse res) {
    // Helidon leaves out a zero Max-Age, so the cookie expires at the epoch instead.
    res.headers().addCookie(cookie("").expires(Instant.EPOCH).build());
    res.headers().addCookie(marker("").expires(Instant.EPOCH).build());
  }

  private static SetCookie.Builder marker(String value) {
    return SetCookie.builder(MARKER_COOKIE, value)
        .path("/")
        .secure(true)
        .sameSite(SetCookie.SameSite.STRICT);
  }

  private static SetCookie.Builder cookie(String value) {
    return SetCookie.builder(REFRESH_COOKIE, value)
        .path(REFRESH_PATH)
        .httpOnly(true)
        .secure(true)
        .sameSite(SetCookie.SameSite.STRICT);
  }
}
