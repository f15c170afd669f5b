package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();

  @Test
  void registeringNeverShowsOrStoresThePassword() throws Exception {
    String email = "Kim-" + UUID.randomUUID() + "@Example.KR";
    Api.Response r =
        api.post(
            "/api/v1/auth/register",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Kim\"}",
            null);
    assertEquals(201, r.status(), r::toString);
    assertEquals(email.toLowerCase(), r.text("email"));
    assertEquals("CUSTOMER", r.text("role"));
    assertFalse(r.raw().body().contains("password"));
    try (Connection c = server.database().connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT password_hash FROM users WHERE id = '" + r.text("id") + "'")) {
      rs.next();
      assertTrue(rs.getString(1).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), rs.getString(1));
    }
  }

  /**
   * A taken email gets the answer a new one gets (status, headers that matter, the body's fields, a
   * new id), nothing is stored, and the account's owner has a registration_attempted security
   * event, in the audit trail too.
   */
  @Test
  void aTakenEmailIsAnsweredLikeAFreshOne() throws Exception {
    String email = "dup-" + UUID.randomUUID() + "@example.kr";
    String owner = story.register(email, "CUSTOMER");
    Api.Response fresh = registerAs("fresh-" + UUID.randomUUID() + "@example.kr");
    Api.Response dup = registerAs(email.toUpperCase());

    assertEquals(201, dup.status(), dup::toString);
    assertEquals(fresh.status(), dup.status());
    assertEquals(fieldNames(fresh), fieldNames(dup));
    assertEquals(
        fresh.raw().headers().firstValue("Location"), dup.raw().headers().firstValue("Location"));
    assertEquals(
        fresh.raw().headers().firstValue("Content-Type"),
        dup.raw().headers().firstValue("Content-Type"));
    assertEquals(email, dup.text("email"));
    assertEquals("X", dup.text("name"));
    assertEquals(fresh.text("id").length(), dup.text("id").length());
    assertFalse(dup.text("id").equals(owner), "the existing account's id is never shown");
    assertTrue(dup.raw().body().indexOf("email_taken") < 0, dup::toString);
    try (Connection c = server.database().connect();
        Statement s = c.createStatement()) {
      ResultSet none =
          s.executeQuery("SELECT count(*) FROM users WHERE id = '" + dup.text("id") + "'");
      none.next();
      assertEquals(0, none.getInt(1), "the look-alike account is not stored");
      ResultSet events =
          s.executeQuery(
              "SELECT count(*) FROM security_events WHERE type = 'registration_attempted'"
                  + " AND user_id = '"
                  + owner
                  + "'");
      events.next();
      assertEquals(1, events.getInt(1), "the owner of the address can be told");
    }
    assertEquals(
        200,
        api.post(
                "/api/v1/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
                null)
            .status(),
        "the owner's password is unchanged");
    server.sealAuditNow();
    String admin = adminToken();
    Api.Response audit =
        api.get(
            "/api/v1/admin/audit?entity_type=user&entity_id="
                + owner
                + "&action=REGISTRATION_ATTEMPTED",
            admin);
    assertEquals(200, audit.status(), audit::toString);
    assertEquals(1, audit.json().path("data").size(), audit::toString);
  }

  private static Api.Response registerAs(String email) {
    return api.post(
        "/api/v1/auth/register",
        "{\"email\":\"" + email + "\",\"password\":\"other horse battery\",\"name\":\"X\"}",
        null);
  }

  private static java.util.List<String> fieldNames(Api.Response r) {
    java.util.List<String> names = new java.util.ArrayList<>();
    r.json().fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String adminToken() {
    String email = "admin-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(
            dev.ordersync.core.user.CreateAdmin.Command.from(
                email, "Admin", "admin password long"));
    return api.post(
            "/api/v1/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"admin password long\"}",
            null)
        .text("access_token");
  }

  @Test
  void aWeakPasswordAndSelfMadeStaffAreRefused() {
    Api.Response weak =
        api.post(
            "/api/v1/auth/register",
            "{\"email\":\"w@example.kr\",\"password\":\"short\",\"name\":\"X\"}",
            null);
    assertEquals(422, weak.status());
    assertEquals("password", weak.json().path("errors").get(0).path("field").asText());
    Api.Response staff =
        api.post(
            "/api/v1/auth/register",
            "{\"email\":\"s@example.kr\",\"password\":\"correct horse battery\",\"name\":\"X\",\"role\":\"ADMIN\"}",
            null);
    assertEquals(422, staff.status());
  }

  @Test
  void aWrongPasswordAndAnUnknownEmailLookTheSame() {
    String email = "login-" + UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    Api.Response wrong =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"not the password\"}",
            null);
    Api.Response unknown =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\"nobody@example.kr\",\"password\":\"not the password\"}",
            null);
    assertEquals(401, wrong.status());
    assertEquals(401, unknown.status());
    assertEquals(wrong.code(), unknown.code());
    assertEquals(wrong.text("detail"), unknown.text("detail"));
  }

  @Test
  void anUnknownEmailTakesAboutAsLongAsAWrongPassword() {
    String email = "timing-" + UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    long[] wrong = new long[7];
    long[] unknown = new long[7];
    for (int i = 0; i < 7; i++) {
      long t0 = System.nanoTime();
      api.post(
          "/api/v1/auth/login",
          "{\"email\":\"" + email + "\",\"password\":\"not the password\"}",
          null);
      long t1 = System.nanoTime();
      api.post(
          "/api/v1/auth/login",
          "{\"email\":\"nobody-" + i + "@example.kr\",\"password\":\"not the password\"}",
          null);
      long t2 = System.nanoTime();
      wrong[i] = t1 - t0;
      unknown[i] = t2 - t1;
    }
    java.util.Arrays.sort(wrong);
    java.util.Arrays.sort(unknown);
    double ratio = (double) unknown[3] / wrong[3];
    // Both spend one Argon2id computation (tens of milliseconds); without the dummy hash an unknown
    // email would
    // answer in about a millisecond, a ratio far below 0.5.
    assertTrue(ratio > 0.5 && ratio < 2.0, "median unknown/wrong = " + ratio);
  }

  @Test
  void meShowsTheProfileAndTheRestaurantTheSessionActsFor() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Me Kitchen");
    Api.Response me = api.get("/api/v1/auth/me", owner.token());
    assertEquals(200, me.status(), me::toString);
    assertEquals(owner.email(), me.text("email"));
    assertEquals("OWNER", me.text("role"));
    assertEquals(owner.restaurantId(), me.text("restaurant_id"));
    assertEquals(
        owner.restaurantId(), me.json().path("memberships").get(0).path("restaurant_id").asText());
    assertEquals(401, api.get("/api/v1/auth/me", null).status());
  }

  @Test
  void theAccessTokenIsASignedJwtWithAKeyIdAndATamperedOneIsRefused() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Token Kitchen");
    String[] parts = owner.token().split("\\.");
    assertEquals(3, parts.length);
    String header = new String(java.util.Base64.getUrlDecoder().decode(parts[0]));
    assertTrue(header.contains("\"alg\":\"ES256\"") && header.contains("\"kid\""), header);
    String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
    String forgedPayload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.replace("OWNER", "ADMIN").getBytes());
    String forged = parts[0] + "." + forgedPayload + "." + parts[2];
    assertEquals(401, api.get("/api/v1/auth/me", forged).status());
    String none =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes())
            + "."
            + parts[1]
            + ".";
    assertEquals(401, api.get("/api/v1/auth/me", none).status());
  }

  @Test
  void loggingInForARestaurantOneIsNotAMemberOfIsForbidden() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Mine");
    Scenario.Owner other = story.anOwnerWithARestaurant("Not mine");
    Api.Response r =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\""
                + owner.email()
                + "\",\"password\":\"correct horse battery\",\"restaurant_id\":\""
                + other.restaurantId()
                + "\"}",
            null);
    assertEquals(403, r.status());
  }

  @Test
  void theOwnerChangesSettingsWithAVersionCheck() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Settings Place");
    Api.Response paused =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"paused\":true,\"prep_minutes\":25}",
            owner.token(),
            null,
            "\"1\"");
    assertEquals(200, paused.status(), paused::toString);
    assertTrue(paused.json().path("paused").asBoolean());
    assertEquals(25, paused.json().path("prep_minutes").asInt());
    Api.Response stale =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"paused\":false,\"daily_report\":false}",
            owner.token(),
            null,
            "\"1\"");
    assertEquals(409, stale.status());
    // The refused change left everything as it was, the report choice too.
    Api.Response unchanged = api.get("/api/v1/restaurants/me", owner.token());
    assertTrue(unchanged.json().path("paused").asBoolean(), unchanged::toString);
    assertTrue(unchanged.json().path("daily_report").asBoolean(), unchanged::toString);
    Api.Response online =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"payment_mode\":\"ONLINE\"}",
            owner.token(),
            null,
            null);
    assertEquals(422, online.status());
    assertEquals("online_payment_unavailable", online.code());
    Api.Response publicView = api.get("/api/v1/restaurants/" + owner.restaurantId(), null);
    assertEquals(200, publicView.status());
    assertFalse(
        publicView.json().has("business_number"), "the public profile shows no business data");
    assertFalse(publicView.json().path("open_now").asBoolean());
  }
}
