package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.server.Api;
import dev.ordersync.server.OrderSyncServer;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import dev.ordersync.server.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionsOverHttpTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();

  private static Api.Response login(Api api, String email, String password) {
    return api.post(
        "/api/v1/auth/login",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
        null);
  }

  private static Api.Response refresh(Api api, String token) {
    return api.post("/api/v1/auth/refresh", "{\"refresh_token\":\"" + token + "\"}", null);
  }

  private String anAccount() {
    String email = "s-" + UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    return email;
  }

  private int securityEvents(String type, String userId) throws Exception {
    try (Connection c = server.database().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM security_events WHERE type = ? AND user_id = ?::uuid")) {
      ps.setString(1, type);
      ps.setString(2, userId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void refreshRotatesAndAReplayEndsTheWholeFamilyWithASecurityEvent() throws Exception {
    String email = anAccount();
    Api.Response login = login(api, email, "correct horse battery");
    assertEquals(200, login.status(), login::toString);
    String first = login.text("refresh_token");
    assertTrue(first.startsWith("rt_"));
    assertEquals(900, login.json().path("expires_in").asInt());

    Api.Response rotated = refresh(api, first);
    assertEquals(200, rotated.status(), rotated::toString);
    String second = rotated.text("refresh_token");
    String access = rotated.text("access_token");
    assertTrue(!second.equals(first));
    assertEquals(200, api.get("/api/v1/auth/me", access).status());

    Api.Response replay = refresh(api, first);
    assertEquals(401, replay.status());
    assertEquals("refresh_token_reused", replay.code());
    assertEquals(401, refresh(api, second).status(), "the family is revoked: the newest token too");
    assertEquals(
        401, api.get("/api/v1/auth/me", access).status(), "and its access tokens, at once");
    String userId =
        api.get("/api/v1/auth/me", login(api, email, "correct horse battery").text("access_token"))
            .text("id");
    assertEquals(1, securityEvents("refresh_token_reused", userId));
  }

  @Test
  void ofTwoConcurrentRefreshesOfOneTokenExactlyOneWins() throws Exception {
    for (int round = 0; round < 5; round++) {
      String token = login(api, anAccount(), "correct horse battery").text("refresh_token");
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Api.Response>> answers = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
        for (int i = 0; i < 2; i++) {
          answers.add(
              pool.submit(
                  () -> {
                    go.await();
                    return refresh(api, token);
                  }));
        }
        go.countDown();
      }
      int won = 0;
      for (Future<Api.Response> f : answers) {
        Api.Response r = f.get();
        if (r.status() == 200) {
          won++;
        } else {
          assertEquals(401, r.status(), r::toString);
        }
      }
      assertEquals(1, won, "round " + round);
    }
  }

  @Test
  void twoServerInstancesSharingTheDatabaseShareSessionsAndReuseDetection() throws Exception {
    // A deployment's instances share their keys: the second instance reads the first one's key
    // folder.
    Map<String, String> shared =
        Map.of("ORDERSYNC_KEYS_DIR", server.dataDir().resolve("keys").toString());
    TestServer second =
        TestServer.startOn(server.database(), shared, OrderSyncServer.Limits.none());
    try {
      Api other = second.api();
      String email = anAccount();
      Api.Response onA = login(api, email, "correct horse battery");
      Api.Response onB = refresh(other, onA.text("refresh_token"));
      assertEquals(200, onB.status(), "a token from instance A refreshes on instance B: " + onB);
      assertEquals(
          200,
          api.get("/api/v1/auth/me", onB.text("access_token")).status(),
          "and B's token works on A");
      Api.Response replayOnA = refresh(api, onA.text("refresh_token"));
      assertEquals("refresh_token_reused", replayOnA.code());
      assertEquals(401, other.get("/api/v1/auth/me", onB.text("access_token")).status());
    } finally {
      second.stopServerOnly();
    }
  }

  @Test
  void logoutEndsTheSessionAndItsTokens() {
    Api.Response login = login(api, anAccount(), "correct horse battery");
    String access = login.text("access_token");
    assertEquals(204, api.post("/api/v1/auth/logout", null, access).status());
    assertEquals(401, api.get("/api/v1/auth/me", access).status());
    assertEquals(401, refresh(api, login.text("refresh_token")).status());
  }

  @Test
  void aPasswordChangeEndsEverySessionOfTheUserAtOnce() {
    String email = anAccount();
    Api.Response phone = login(api, email, "correct horse battery");
    Api.Response laptop = login(api, email, "correct horse battery");
    Api.Response wrong =
        api.post(
            "/api/v1/auth/password",
            "{\"current_password\":\"nope nope nope\",\"new_password\":\"a brand new pass\"}",
            phone.text("access_token"));
    assertEquals(422, wrong.status());
    Api.Response common =
        api.post(
            "/api/v1/auth/password",
            "{\"current_password\":\"correct horse battery\",\"new_password\":\"password123\"}",
            phone.text("access_token"));
    assertEquals(422, common.status());
    assertEquals("new_password", common.json().path("errors").get(0).path("field").asText());
    Api.Response changed =
        api.post(
            "/api/v1/auth/password",
            "{\"current_password\":\"correct horse battery\",\"new_password\":\"a brand new pass\"}",
            phone.text("access_token"));
    assertEquals(204, changed.status(), changed::toString);
    for (Api.Response s : List.of(phone, laptop)) {
      assertEquals(401, api.get("/api/v1/auth/me", s.text("access_token")).status());
      assertEquals(401, refresh(api, s.text("refresh_token")).status());
    }
    assertEquals(401, login(api, email, "correct horse battery").status());
    assertEquals(200, login(api, email, "a brand new pass").status());
  }

  @Test
  void anAdminEndsAllSessionsOfAUser() {
    String adminEmail = "admin-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(CreateAdmin.Command.from(adminEmail, "Admin", "admin password long"));
    String admin = login(api, adminEmail, "admin password long").text("access_token");
    String email = anAccount();
    Api.Response victim = login(api, email, "correct horse battery");
    String victimId = api.get("/api/v1/auth/me", victim.text("access_token")).text("id");
    Api.Response notAdmin =
        api.post(
            "/api/v1/admin/users/" + victimId + "/revoke-sessions",
            null,
            victim.text("access_token"));
    assertEquals(403, notAdmin.status());
    Api.Response revoked =
        api.post("/api/v1/admin/users/" + victimId + "/revoke-sessions", null, admin);
    assertEquals(200, revoked.status(), revoked::toString);
    assertEquals(1, revoked.json().path("sessions_ended").asInt());
    assertEquals(401, api.get("/api/v1/auth/me", victim.text("access_token")).status());
    assertEquals(
        404,
        api.post("/api/v1/admin/users/" + UUID.randomUUID() + "/revoke-sessions", null, admin)
            .status());
  }

  @Test
  void theJwksHoldsTheKeyThatSignedTheTokens() throws Exception {
    Api.Response jwks = api.get("/.well-known/jwks.json", null);
    assertEquals(200, jwks.status());
    String token = login(api, anAccount(), "correct horse battery").text("access_token");
    String header = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]));
    String kid =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(header).path("kid").asText();
    boolean found = false;
    var keys =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(jwks.raw().body()).path("keys");
    for (var k : keys) {
      found |=
          k.path("kid").asText().equals(kid)
              && k.path("alg").asText().equals("ES256")
              && !k.has("d");
    }
    assertTrue(found, "kid " + kid + " in " + jwks.raw().body());
  }
}
