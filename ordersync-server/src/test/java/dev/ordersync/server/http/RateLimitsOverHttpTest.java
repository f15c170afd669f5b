package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The server as deployed: rate limits on, in-process or shared through the machine's real Redis.
 */
class RateLimitsOverHttpTest {
  private static Api.Response login(Api api, String email, String password) {
    return api.post(
        "/api/v1/auth/login",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
        null);
  }

  private static void bruteForceIsSlowedDownNotLockedOut(TestServer server) {
    Api api = server.api();
    Scenario story = new Scenario(api);
    String victim = "victim-" + UUID.randomUUID() + "@example.kr";
    story.register(victim, "CUSTOMER");
    Api.Response first = api.get("/api/v1/restaurants/" + UUID.randomUUID(), null);
    assertNotNull(first.header("RateLimit-Limit"), "every API answer says its limit");
    assertNotNull(first.header("RateLimit-Remaining"));
    int refused = 0;
    Api.Response last = null;
    for (int i = 0; i < 8; i++) {
      last = login(api, victim, "guess number " + i);
      if (last.status() == 429) {
        refused++;
      } else {
        assertEquals(401, last.status(), last::toString);
      }
    }
    assertTrue(refused >= 2, "after five failures the account is slowed down");
    assertEquals("rate_limited", last.code());
    long retryAfter = Long.parseLong(last.header("Retry-After"));
    assertTrue(
        retryAfter >= 1 && retryAfter <= 60, "a minute at most, not a lock-out: " + retryAfter);
    // Another account from the same address is not punished for the victim's attacker.
    String other = "other-" + UUID.randomUUID() + "@example.kr";
    story.register(other, "CUSTOMER");
    assertEquals(200, login(api, other, "correct horse battery").status());
  }

  private static HttpResponse<String> loginFrom(
      TestServer server, String address, String cookie, String email, String password)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/auth/login"))
            .header("Content-Type", "application/json")
            .header("X-Forwarded-For", address)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** The attack of issue 16: wrong passwords from ever new addresses while the owner logs in. */
  @Test
  void rotatingAddressesSlowStrangersButNeverLockTheOwnerOut() throws Exception {
    try (TestServer server =
        TestServer.startWithRateLimits(Map.of("ORDERSYNC_TRUST_FORWARDED_FOR", "true"))) {
      Scenario story = new Scenario(server.api());
      String owner = "owner-" + UUID.randomUUID() + "@example.kr";
      story.register(owner, "CUSTOMER");
      String home = "203.0.113.7";
      HttpResponse<String> before = loginFrom(server, home, null, owner, "correct horse battery");
      assertEquals(200, before.statusCode(), before::body);
      String setCookie =
          before.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith("ordersync_device="))
              .findFirst()
              .orElseThrow(() -> new AssertionError("a login hands out a device cookie"));
      assertTrue(setCookie.contains("HttpOnly"), setCookie);
      assertTrue(setCookie.contains("Secure"), setCookie);
      assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
      assertTrue(setCookie.contains("Path=/api/v1/auth"), setCookie);
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));

      int attackerRefused = 0;
      for (int round = 0; round < 6; round++) {
        // More wrong guesses than a stranger's allowance of five, before each of the owner's
        // logins.
        for (int i = 0; i < 6; i++) {
          String rotating = "198.18." + round + "." + i;
          int status = loginFrom(server, rotating, null, owner, "guess " + round + i).statusCode();
          if (status == 429) {
            attackerRefused++;
          } else {
            assertEquals(401, status);
          }
        }
        HttpResponse<String> atHome = loginFrom(server, home, null, owner, "correct horse battery");
        assertEquals(200, atHome.statusCode(), "the owner at home, round " + round);
        HttpResponse<String> onTheRoad =
            loginFrom(server, "192.0.2." + round, cookie, owner, "correct horse battery");
        assertEquals(200, onTheRoad.statusCode(), "the owner's device, round " + round);
      }
      assertTrue(attackerRefused >= 30, "strangers are slowed down: " + attackerRefused);
      assertEquals(
          429,
          loginFrom(server, "198.19.0.1", null, owner, "correct horse battery").statusCode(),
          "a stranger is slowed down even with the right password");
    }
  }

  @Test
  void inProcessLimitsSlowBruteForceOnOneAccount() {
    try (TestServer server = TestServer.startWithRateLimits(Map.of())) {
      bruteForceIsSlowedDownNotLockedOut(server);
    }
  }

  @Test
  void limitsSharedThroughRedisWorkTheSameAndRedisIsPartOfReadiness() {
    try (TestServer server =
        TestServer.startWithRateLimits(
            Map.of(
                "ORDERSYNC_REDIS_URL",
                "redis://127.0.0.1:6379",
                "ORDERSYNC_REDIS_KEY_PREFIX",
                "test-" + UUID.randomUUID() + ":"))) {
      bruteForceIsSlowedDownNotLockedOut(server);
      Api.Response health = server.api().get("/observe/health", null);
      assertEquals(200, health.status());
      assertTrue(health.raw().body().contains("\"redis\""), health.raw().body());
    }
  }

  @Test
  void floodingFromOneAddressGets429WithRetryAfter() throws Exception {
    // A flood is many requests at once: sixteen senders, so the bucket (200, then 100 a second)
    // runs dry even when this machine is too loaded for one sender to outrun the refill.
    try (TestServer server = TestServer.startWithRateLimits(Map.of())) {
      Api api = server.api();
      AtomicInteger ok = new AtomicInteger();
      AtomicReference<Api.Response> refused = new AtomicReference<>();
      long started = System.nanoTime();
      long deadline = started + 60_000_000_000L;
      try (ExecutorService senders = Executors.newFixedThreadPool(16)) {
        for (int t = 0; t < 16; t++) {
          senders.submit(
              () -> {
                while (refused.get() == null && System.nanoTime() < deadline) {
                  Api.Response r = api.get("/api/v1/restaurants/" + UUID.randomUUID(), null);
                  if (r.status() == 429) {
                    refused.compareAndSet(null, r);
                  } else {
                    ok.incrementAndGet();
                  }
                }
                return null;
              });
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      Api.Response r = refused.get();
      assertNotNull(r, "a flood beyond the per-address bucket is refused (" + ok + " answered)");
      assertTrue(ok.get() >= 200, "the burst allowance was honoured: " + ok);
      // Sixteen senders may each have had one request in flight when the first 429 came.
      long allowed = 200 + (long) Math.ceil(100 * seconds) + 16;
      assertTrue(
          ok.get() <= allowed, ok + " answered in " + seconds + " s: " + allowed + " allowed");
      assertNotNull(r.header("Retry-After"));
      assertEquals("application/problem+json", r.header("Content-Type"));
    }
  }

  private static Api.Response register(Api api, String email) {
    return api.post(
        "/api/v1/auth/register",
        "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Kim\"}",
        null);
  }

  /**
   * Registration is throttled per email (3, then 3 an hour) and per address (20, then 20 an hour),
   * answered 429 rate_limited as a problem with Retry-After; a taken email counts like any other.
   */
  @Test
  void registrationIsRateLimitedPerEmailAndPerAddress() {
    try (TestServer server = TestServer.startWithRateLimits(Map.of())) {
      Api api = server.api();
      String email = "again-" + UUID.randomUUID() + "@example.kr";
      for (int i = 0; i < 3; i++) {
        Api.Response r = register(api, email);
        assertEquals(201, r.status(), r::toString);
      }
      Api.Response refused = register(api, email);
      assertEquals(429, refused.status(), refused::toString);
      assertEquals("rate_limited", refused.code());
      assertEquals("application/problem+json", refused.header("Content-Type"));
      long retryAfter = Long.parseLong(refused.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 20 * 60, "at most 20 minutes: " + retryAfter);
      int created = 3;
      Api.Response last = null;
      for (int i = 0; i < 30; i++) {
        last = register(api, "many-" + UUID.randomUUID() + "@example.kr");
        if (last.status() != 201) {
          break;
        }
        created++;
      }
      assertEquals(429, last.status(), last::toString);
      assertEquals(
          19, created, "the address's burst of 20, the attempt refused for its email counted too");
      assertNotNull(last.header("Retry-After"));
    }
  }
}
