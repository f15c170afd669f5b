package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pages and their files over plain HTTP: headers, ETags, gzip, 404s, the cookie session. */
class WebPagesTest {
  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(
          java.util.Map.of(
              "ORDERSYNC_TOSS_CLIENT_KEY", "test_ck_web_pages",
              "ORDERSYNC_TOSS_SCRIPT_URL", "https://toss.example:8443/v1/payment"));

  static final HttpClient http = HttpClient.newHttpClient();

  static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json");
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(
        b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theAppsPageCarriesAStrictPolicyAndAnEtag() throws Exception {
    var r = get("/app/");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(csp.contains("script-src 'self';"), csp);
    assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
    String etag = r.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, get("/app/", "If-None-Match", etag).statusCode());
    assertEquals(200, get("/app/", "If-None-Match", "\"other\"").statusCode());
  }

  @Test
  void filesAreSentGzippedToClientsThatTakeIt() throws Exception {
    var plain = get("/assets/shared/api.js");
    assertEquals(200, plain.statusCode());
    assertEquals(
        "text/javascript; charset=UTF-8", plain.headers().firstValue("Content-Type").get());
    var zipped = get("/assets/shared/api.js", "Accept-Encoding", "gzip");
    assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
    assertTrue(zipped.body().length < plain.body().length);
    try (var in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
      assertArrayEquals(plain.body(), in.readAllBytes());
    }
    assertEquals(
        plain.headers().firstValue("ETag").get(), zipped.headers().firstValue("ETag").get());
  }

  @Test
  void anUnknownPageOrFileIsAReadable404() throws Exception {
    for (String path :
        new String[] {"/r/not-a-restaurant", "/o/123", "/assets/shared/nope.js", "/assets/../x"}) {
      var r = get(path);
      assertEquals(404, r.statusCode(), path);
    }
    var r = get("/r/not-a-restaurant");
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(new String(r.body(), "UTF-8").contains("페이지를 찾을 수 없습니다"));
  }

  @Test
  void onlyThePaymentPageMayLoadTheConfiguredPaymentScript() throws Exception {
    String id = "0193a5b2-7c4e-7d1a-9f00-000000000001";
    String pay =
        get("/o/" + id + "/pay").headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(pay.contains("script-src 'self' https://toss.example:8443;"), pay);
    for (String page : new String[] {"/o/" + id, "/r/" + id, "/app/"}) {
      String csp = get(page).headers().firstValue("Content-Security-Policy").orElseThrow();
      assertFalse(csp.contains("toss.example"), page + ": " + csp);
    }
  }

  @Test
  void theGuestPagesAnswerForAnyWellFormedId() throws Exception {
    String id = "0193a5b2-7c4e-7d1a-9f00-000000000001";
    for (String path : new String[] {"/r/" + id, "/o/" + id, "/o/" + id + "/pay"}) {
      var r = get(path);
      assertEquals(200, r.statusCode(), path);
      assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), path);
    }
  }

  @Test
  void theWebSessionKeepsTheRefreshTokenInAnHttpOnlyCookieOnTheRefreshRoute() throws Exception {
    Scenario story = server.scenario();
    String email = "web-" + System.nanoTime() + "@example.kr";
    story.register(email, "OWNER");
    var login =
        post(
            "/api/v1/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
            "X-OrderSync-Session",
            "cookie");
    assertEquals(200, login.statusCode(), login.body());
    assertFalse(login.body().contains("refresh_token"), login.body());
    assertTrue(login.body().contains("access_token"));
    String cookie =
        login.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("ordersync_refresh="))
            .findFirst()
            .orElseThrow();
    assertTrue(cookie.contains("HttpOnly"), cookie);
    assertTrue(cookie.contains("Secure"), cookie);
    assertTrue(cookie.contains("SameSite=Strict"), cookie);
    assertTrue(cookie.contains("Path=/api/v1/auth/refresh"), cookie);
    String pair = cookie.substring(0, cookie.indexOf(';'));

    // Another site's page cannot spend it: the browser names the site in Origin / Sec-Fetch-Site.
    var crossSite =
        post(
            "/api/v1/auth/refresh",
            "{}",
            "X-OrderSync-Session",
            "cookie",
            "Cookie",
            pair,
            "Origin",
            "https://evil.example");
    assertEquals(403, crossSite.statusCode(), crossSite.body());
    assertTrue(crossSite.body().contains("cross_site_refused"));
    var fetchSite =
        post(
            "/api/v1/auth/refresh",
            "{}",
            "X-OrderSync-Session",
            "cookie",
            "Cookie",
            pair,
            "Sec-Fetch-Site",
            "cross-site");
    assertEquals(403, fetchSite.statusCode());

    // Without the session header the cookie is not even read: a plain form post gets nothing.
    var noHeader = post("/api/v1/auth/refresh", "{}", "Cookie", pair);
    assertEquals(401, noHeader.statusCode(), noHeader.body());

    // The app's own page renews through it, and the cookie rotates.
    var renewed =
        post(
            "/api/v1/auth/refresh",
            "{}",
            "X-OrderSync-Session",
            "cookie",
            "Cookie",
            pair,
            "Origin",
            "http://127.0.0.1:" + server.port(),
            "Sec-Fetch-Site",
            "same-origin");
    assertEquals(200, renewed.statusCode(), renewed.body());
    String next =
        renewed.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("ordersync_refresh="))
            .findFirst()
            .orElseThrow();
    assertFalse(next.startsWith(pair + ";"), "the refresh token rotates");

    // The spent one is refused, and the refusal clears the cookie.
    var spent = post("/api/v1/auth/refresh", "{}", "X-OrderSync-Session", "cookie", "Cookie", pair);
    assertEquals(401, spent.statusCode());
    assertTrue(
        spent.headers().allValues("Set-Cookie").stream()
            .anyMatch(c -> c.startsWith("ordersync_refresh=;") && c.contains("1970")),
        spent.headers().allValues("Set-Cookie").toString());
  }
}
