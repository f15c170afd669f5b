package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.user.Totp;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SecondFactorOverHttpTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();

  static byte[] base32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  /** Enrols the account and returns its secret and recovery codes. */
  private record Enrolled(byte[] secret, Api.Response confirmed) {}

  private Enrolled enrol(String token) {
    Api.Response started = api.post("/api/v1/auth/mfa/totp", null, token);
    assertEquals(200, started.status(), started::toString);
    assertTrue(started.text("otpauth_uri").startsWith("otpauth://totp/OrderSync:"));
    byte[] secret = base32(started.text("secret"));
    assertEquals(20, secret.length);
    Api.Response wrong = api.post("/api/v1/auth/mfa/totp/confirm", "{\"code\":\"000000\"}", token);
    assertEquals(422, wrong.status());
    Api.Response confirmed =
        api.post(
            "/api/v1/auth/mfa/totp/confirm",
            "{\"code\":\"" + Totp.code(secret, Totp.step(Instant.now())) + "\"}",
            token);
    assertEquals(200, confirmed.status(), confirmed::toString);
    assertEquals(10, confirmed.json().path("recovery_codes").size());
    return new Enrolled(secret, confirmed);
  }

  @Test
  void withTwoFactorOnLoginTakesTwoStepsAndEachCodeWorksOnce() throws Exception {
    String email = "mfa-" + UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    Enrolled enrolled = enrol(story.login(email));

    Api.Response step1 =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
            null);
    assertEquals(200, step1.status());
    assertTrue(step1.json().path("mfa_required").asBoolean());
    assertTrue(
        step1.json().path("access_token").isMissingNode(), "no tokens before the second factor");
    String mfaToken = step1.text("mfa_token");
    assertEquals(
        401, api.get("/api/v1/auth/me", mfaToken).status(), "the mfa_token is no access token");

    // The confirmation used the current step; the next code must come from a later step.
    long next = Totp.step(Instant.now()) + 1;
    String code = Totp.code(enrolled.secret(), next);
    Api.Response step2 =
        api.post(
            "/api/v1/auth/login/mfa",
            "{\"mfa_token\":\"" + mfaToken + "\",\"code\":\"" + code + "\"}",
            null);
    assertEquals(200, step2.status(), step2::toString);
    String access = step2.text("access_token");
    String payload = new String(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]));
    assertTrue(payload.contains("\"amr\":\"pwd otp\""), payload);
    Api.Response again =
        api.post(
            "/api/v1/auth/login/mfa",
            "{\"mfa_token\":\"" + mfaToken + "\",\"code\":\"" + code + "\"}",
            null);
    assertEquals(401, again.status());
    assertEquals("invalid_code", again.code());

    String recovery = enrolled.confirmed().json().path("recovery_codes").get(0).asText();
    Api.Response withRecovery =
        api.post(
            "/api/v1/auth/login/mfa",
            "{\"mfa_token\":\"" + mfaToken + "\",\"code\":\"" + recovery + "\"}",
            null);
    assertEquals(200, withRecovery.status());
    assertEquals(
        401,
        api.post(
                "/api/v1/auth/login/mfa",
                "{\"mfa_token\":\"" + mfaToken + "\",\"code\":\"" + recovery + "\"}",
                null)
            .status());
    assertEquals(
        401,
        api.post("/api/v1/auth/login/mfa", "{\"mfa_token\":\"garbage\",\"code\":\"123456\"}", null)
            .status());
    assertTrue(api.get("/api/v1/auth/me", access).json().path("mfa_enabled").asBoolean());

    String userId = api.get("/api/v1/auth/me", access).text("id");
    try (Connection c = server.database().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT mfa_secret FROM users WHERE id = '" + userId + "'")) {
      rs.next();
      byte[] stored = rs.getBytes(1);
      assertTrue(
          stored.length > 20 && !java.util.Arrays.equals(stored, enrolled.secret()),
          "the secret is sealed");
    }
  }

  @Test
  void anOwnerRequiresTwoFactorForStaff() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Careful Kitchen");
    String cookEmail = "cook-" + UUID.randomUUID() + "@example.kr";
    Api.Response added =
        api.post(
            "/api/v1/restaurants/me/staff",
            "{\"email\":\""
                + cookEmail
                + "\",\"name\":\"Cook\",\"password\":\"cook password long\"}",
            owner.token());
    assertEquals(201, added.status(), added::toString);
    assertEquals("STAFF", added.text("role"));
    String cook =
        api.post(
                "/api/v1/auth/login",
                "{\"email\":\"" + cookEmail + "\",\"password\":\"cook password long\"}",
                null)
            .text("access_token");
    assertEquals(200, api.get("/api/v1/restaurants/me/orders", cook).status());

    Api.Response required =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"require_staff_mfa\":true}",
            owner.token(),
            null,
            null);
    assertEquals(200, required.status(), required::toString);
    Api.Response refused = api.get("/api/v1/restaurants/me/orders", cook);
    assertEquals(403, refused.status());
    assertEquals("mfa_required", refused.code());
    assertEquals(200, api.get("/api/v1/restaurants/me/orders", owner.token()).status());

    byte[] secret = enrol(cook).secret();
    String mfaToken =
        api.post(
                "/api/v1/auth/login",
                "{\"email\":\"" + cookEmail + "\",\"password\":\"cook password long\"}",
                null)
            .text("mfa_token");
    String code = Totp.code(secret, Totp.step(Instant.now()) + 1);
    String strong =
        api.post(
                "/api/v1/auth/login/mfa",
                "{\"mfa_token\":\"" + mfaToken + "\",\"code\":\"" + code + "\"}",
                null)
            .text("access_token");
    assertEquals(200, api.get("/api/v1/restaurants/me/orders", strong).status());
  }
}
