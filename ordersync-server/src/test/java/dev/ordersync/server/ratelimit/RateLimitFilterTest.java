package dev.ordersync.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.http.RateLimitFilter;
import dev.ordersync.server.http.RequestId;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The filter in a real Helidon server: its headers, its 429 problem, which address and which user
 * it counts. Helidon's {@code @ServerTest} runs one server for the class; each test puts in the
 * filter it needs.
 */
@ServerTest
class RateLimitFilterTest {
  private static final HeaderName TEST_USER = HeaderNames.create("X-Test-User");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Function<ServerRequest, Optional<String>> USER_HEADER =
      req -> {
        Optional<String> user = req.headers().first(TEST_USER);
        if (user.isPresent() && user.get().equals("forged")) {
          throw new HttpProblem(401, "invalid_token", "the access token is invalid or expired");
        }
        return user;
      };

  private static final AtomicInteger requestIds = new AtomicInteger();

  /** The filter under test, set by {@link #start}: tests run one at a time. */
  private static volatile Filter filter = (chain, req, res) -> chain.proceed();

  private final FakeClock clock = new FakeClock();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;

  RateLimitFilterTest(WebServer server) {
    this.base = "http://127.0.0.1:" + server.port();
  }

  /** On 127.0.0.1 only, so that the peer the filter counts is always that address. */
  @SetUpServer
  static void server(WebServerConfig.Builder server) {
    server.host("127.0.0.1");
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    routing
        .addFilter(
            (chain, req, res) -> {
              // What RequestId.filter() does in production: this filter runs after it.
              String id = "test-request-" + requestIds.incrementAndGet();
              req.context().register(new RequestId(id));
              res.header(HeaderNames.create("X-Request-Id"), id);
              chain.proceed();
            })
        .addFilter((chain, req, res) -> filter.filter(chain, req, res))
        .get("/api/x", (req, res) -> res.send("ok"))
        .get("/other", (req, res) -> res.send("ok"));
  }

  @Test
  void everyApiResponseSaysWhereTheBucketStands() throws Exception {
    String base = start(limits(3, 5), false);
    HttpResponse<String> first = get(base + "/api/x");
    assertEquals(200, first.statusCode());
    assertEquals("ok", first.body());
    assertEquals("3", header(first, "RateLimit-Limit"));
    assertEquals("2", header(first, "RateLimit-Remaining"));
    assertEquals("10", header(first, "RateLimit-Reset"), "one token short, 10 s a token");
    assertEquals("1", header(get(base + "/api/x"), "RateLimit-Remaining"));
  }

  @Test
  void pastTheLimitTheAnswerIsA429ProblemWithRetryAfter() throws Exception {
    String base = start(limits(3, 5), false);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, get(base + "/api/x").statusCode());
    }
    clock.advance(Duration.ofMillis(2500));
    HttpResponse<String> refused = get(base + "/api/x");

    assertEquals(429, refused.statusCode());
    assertEquals("8", header(refused, "Retry-After"), "7.5 s to the next token, rounded up");
    assertEquals("application/problem+json", header(refused, "Content-Type"));
    assertEquals("3", header(refused, "RateLimit-Limit"));
    assertEquals("0", header(refused, "RateLimit-Remaining"));
    assertEquals("28", header(refused, "RateLimit-Reset"));
    JsonNode problem = JSON.readTree(refused.body());
    assertEquals("https://ordersync.dev/problems/rate-limited", problem.path("type").asText());
    assertEquals("Too many requests", problem.path("title").asText());
    assertEquals(429, problem.path("status").asInt());
    assertEquals("rate_limited", problem.path("code").asText());
    assertTrue(problem.path("detail").asText().contains("retry after 8"), problem.toString());
    String requestId = header(refused, "X-Request-Id");
    assertTrue(requestId.startsWith("test-request-"), requestId);
    assertEquals(requestId, problem.path("request_id").asText());

    clock.advance(Duration.ofMillis(7500));
    assertEquals(200, get(base + "/api/x").statusCode());
  }

  @Test
  void pathsOutsideTheApiAreNeitherCountedNorRefused() throws Exception {
    String base = start(limits(1, 1), false);
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> page = get(base + "/other");
      assertEquals(200, page.statusCode());
      assertNull(header(page, "RateLimit-Limit"));
    }
    assertEquals(200, get(base + "/api/x").statusCode());
  }

  @Test
  void aSignedInUserGetsTheTighterOfTheTwoBuckets() throws Exception {
    String base = start(limits(10, 2), false);
    HttpResponse<String> mine = get(base + "/api/x", TEST_USER, "user-1");
    assertEquals("2", header(mine, "RateLimit-Limit"));
    assertEquals("1", header(mine, "RateLimit-Remaining"));
    get(base + "/api/x", TEST_USER, "user-1");

    HttpResponse<String> refused = get(base + "/api/x", TEST_USER, "user-1");
    assertEquals(429, refused.statusCode());
    assertEquals("10", header(refused, "Retry-After"));
    assertEquals("2", header(refused, "RateLimit-Limit"));

    // The same address, as someone else or as nobody: the user-1 bucket plays no part.
    HttpResponse<String> other = get(base + "/api/x", TEST_USER, "user-2");
    assertEquals(200, other.statusCode());
    assertEquals("1", header(other, "RateLimit-Remaining"));
    HttpResponse<String> anonymous = get(base + "/api/x");
    assertEquals("10", header(anonymous, "RateLimit-Limit"));
    assertEquals("5", header(anonymous, "RateLimit-Remaining"));
  }

  @Test
  void aRefusedCredentialCountsAsNoUser() throws Exception {
    String base = start(limits(10, 2), false);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = get(base + "/api/x", TEST_USER, "forged");
      assertEquals(200, r.statusCode());
      assertEquals("10", header(r, "RateLimit-Limit"));
    }
  }

  @Test
  void forwardedForIsIgnoredUnlessTrusted() throws Exception {
    String base = start(limits(1, 5), false);
    assertEquals(
        200, get(base + "/api/x", HeaderNames.X_FORWARDED_FOR, "198.51.100.1").statusCode());
    assertEquals(
        429, get(base + "/api/x", HeaderNames.X_FORWARDED_FOR, "198.51.100.2").statusCode());
  }

  @Test
  void aTrustedForwardedForNamesTheClient() throws Exception {
    String base = start(limits(1, 5), true);
    assertEquals(
        200,
        get(base + "/api/x", HeaderNames.X_FORWARDED_FOR, "198.51.100.1, 10.0.0.1").statusCode());
    assertEquals(
        429, get(base + "/api/x", HeaderNames.X_FORWARDED_FOR, "198.51.100.1").statusCode());
    assertEquals(
        200, get(base + "/api/x", HeaderNames.X_FORWARDED_FOR, "198.51.100.2").statusCode());
    // One IPv6 subscriber holds a /64: its addresses share a bucket.
    assertEquals(
        200, get(base + "/api/x", HeaderNames.X_FORWARDED_FOR, "2001:db8:1:2::1").statusCode());
    assertEquals(
        429,
        get(base + "/api/x", HeaderNames.X_FORWARDED_FOR, "[2001:db8:1:2:ffff::9]:4711")
            .statusCode());
    assertEquals(
        200, get(base + "/api/x", HeaderNames.X_FORWARDED_FOR, "2001:db8:1:3::1").statusCode());
    // Not an address: the peer (127.0.0.1) is the client.
    assertEquals(
        200, get(base + "/api/x", HeaderNames.X_FORWARDED_FOR, "client.example").statusCode());
    assertEquals(429, get(base + "/api/x", HeaderNames.X_FORWARDED_FOR, "999.1.1.1").statusCode());
  }

  private RateLimitFilter.Limits limits(long perAddress, long perUser) {
    return new RateLimitFilter.Limits(
        new Limit("test-address", perAddress, 1, Duration.ofSeconds(10)),
        new Limit("test-user", perUser, 1, Duration.ofSeconds(10)));
  }

  /** The server's base URL, now with a fresh filter (and buckets) of these limits. */
  private String start(RateLimitFilter.Limits limits, boolean trustForwardedFor) {
    filter =
        new RateLimitFilter(new InMemoryRateLimiter(clock), limits, USER_HEADER, trustForwardedFor);
    return base;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url, HeaderName header, String value) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url)).header(header.defaultCase(), value).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<String> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }
}
