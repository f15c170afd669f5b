package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.util.Map;
import java.util.UUID;
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
  void floodingFromOneAddressGets429WithRetryAfter() {
    try (TestServer server = TestServer.startWithRateLimits(Map.of())) {
      Api api = server.api();
      Api.Response r = null;
      int ok = 0;
      for (int i = 0; i < 400; i++) {
        r = api.get("/api/v1/restaurants/" + UUID.randomUUID(), null);
        if (r.status() == 429) {
          break;
        }
        ok++;
      }
      assertEquals(429, r.status(), "a burst beyond the per-address bucket is refused");
      assertTrue(ok >= 200, "the burst allowance was honoured: " + ok);
      assertNotNull(r.header("Retry-After"));
      assertEquals("application/problem+json", r.header("Content-Type"));
    }
  }
}
