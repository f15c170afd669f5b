package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.core.user.Totp;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The permission table of docs/security.md, walked: every route of the API with every kind of
 * caller, each answered with the table's exact status. The table below is the table of the doc, as
 * data, one row per route, one column per caller; one dynamic test per (route, caller), named like
 * {@code POST /restaurants/me/orders/{id}/accept as STAFF of B -> 404}.
 *
 * <p>Restaurant A holds every resource the routes name ({id} is always something of A); B is the
 * foreign tenant: B's owner and staff act for B while asking about A. Every call that changes
 * something gets fresh fixtures (a fresh PLACED order for accept, an order driven to ACCEPTED for
 * start, ...), so an allowed caller meets the success status and not a 409 left behind by an
 * earlier case. Calls that end sessions or accounts (logout, password change, erasure, enabling
 * 2FA) are made by a fresh session or a fresh account of the same kind, so the standing callers
 * stay valid.
 *
 * <p>Whatever B's callers get back with a 2xx status is searched for A's restaurant id, A's menu
 * item ids and the ids of every order of A: nothing of A may reach them, except on the three routes
 * that are public about A (its profile, its menu, and placing an order there).
 */
class EveryRouteEveryRoleTest {
  private static final String PASSWORD =
      "correct horse battery"; // the password Scenario gives every account

  /**
   * A present but invalid credential. Authenticator.caller refuses it with 401 invalid_token
   * wherever a route asks who the caller is; routes that never ask (register, login, login/mfa,
   * refresh, the JWKS, a restaurant's public profile and menu) never read the Authorization header
   * at all and answer as they would anyone. docs/api.md ("any other invalid credential is 401
   * invalid_token, never silently anonymous") reads as if that held everywhere; the table marks
   * those routes ✓ for every caller and the code does not look, so this column expects the route's
   * success there and 401 everywhere else. An order token ({@code ot_...}) is not "invalid":
   * outside /orders/{id} it counts as no credential (the order token column).
   */
  private static final String INVALID_TOKEN = "not-a-token.at.all";

  /**
   * The callers: the columns of the table, with OWNER/STAFF "foreign" split in two, plus an invalid
   * credential.
   */
  enum Who {
    ANONYMOUS("anonymous"),
    ORDER_TOKEN("order token"),
    CUSTOMER("CUSTOMER"),
    OWNER_A("OWNER of A"),
    STAFF_A("STAFF of A"),
    OWNER_B("OWNER of B"),
    STAFF_B("STAFF of B"),
    ADMIN("ADMIN"),
    INVALID("an invalid token");

    final String label;

    Who(String label) {
      this.label = label;
    }

    boolean signedIn() {
      return this != ANONYMOUS && this != ORDER_TOKEN && this != INVALID;
    }

    boolean ofB() {
      return this == OWNER_B || this == STAFF_B;
    }
  }

  /**
   * Whose token a signed-in caller sends: the standing one, a new login of the same account, or a
   * new account.
   */
  enum Creds {
    STANDING,
    NEW_SESSION,
    NEW_ACCOUNT
  }

  /**
   * What one call is about: the {id} of the path (or null), the body (or null), and the token of
   * that order if any.
   */
  record Target(String id, String body, String orderToken) {
    static Target body(String body) {
      return new Target(null, body, null);
    }
  }

  @FunctionalInterface
  interface Setup {
    /**
     * Makes what the call needs, for this caller; {@code token} is the credential the caller will
     * send.
     */
    Target prepare(Who who, String token);
  }

  @FunctionalInterface
  interface Check {
    /** More to check of a successful answer. */
    void verify(Who who, Api.Response r);
  }

  record Row(
      String method,
      String path,
      String note,
      Creds creds,
      boolean publicAboutA,
      Setup setup,
      Check check,
      Map<Who, Integer> expected) {
    String title() {
      return method + " " + path + (note == null ? "" : " [" + note + "]");
    }

    String url() {
      return path.startsWith("/.well-known") || isDocument(path) ? path : "/api/v1" + path;
    }

    /** The API's own documents, served from the root like the JWKS. */
    private static boolean isDocument(String path) {
      return path.equals("/openapi") || path.equals("/asyncapi");
    }
  }

  /** Builds a row; {@link #expect} takes the statuses in the order of {@link Who}. */
  static final class RowBuilder {
    private final String method;
    private final String path;
    private String note;
    private Creds creds = Creds.STANDING;
    private boolean publicAboutA;
    private Setup setup = (who, token) -> new Target(null, null, null);
    private Check check = (who, r) -> {};

    RowBuilder(String method, String path) {
      this.method = method;
      this.path = path;
    }

    RowBuilder note(String note) {
      this.note = note;
      return this;
    }

    RowBuilder creds(Creds creds) {
      this.creds = creds;
      return this;
    }

    RowBuilder publicAboutA() {
      this.publicAboutA = true;
      return this;
    }

    RowBuilder on(Setup setup) {
      this.setup = setup;
      return this;
    }

    RowBuilder body(java.util.function.Supplier<String> body) {
      this.setup = (who, token) -> Target.body(body.get());
      return this;
    }

    RowBuilder then(Check check) {
      this.check = check;
      return this;
    }

    /**
     * anonymous, order token, CUSTOMER, OWNER own, STAFF own, OWNER foreign, STAFF foreign, ADMIN,
     * invalid token.
     */
    Row expect(int... statuses) {
      Who[] who = Who.values();
      if (statuses.length != who.length) {
        throw new IllegalArgumentException(
            method + " " + path + ": " + who.length + " statuses needed");
      }
      Map<Who, Integer> expected = new EnumMap<>(Who.class);
      for (int i = 0; i < who.length; i++) {
        expected.put(who[i], statuses[i]);
      }
      return new Row(method, path, note, creds, publicAboutA, setup, check, expected);
    }
  }

  static RowBuilder route(String method, String path) {
    return new RowBuilder(method, path);
  }

  /**
   * docs/security.md, "Who can do what". Columns: anonymous, order token, CUSTOMER, OWNER own (A),
   * STAFF own (A), OWNER foreign (B), STAFF foreign (B), ADMIN, and an invalid token. ✓ is the
   * route's success status.
   */
  static List<Row> table() {
    return List.of(
        // POST /auth/register (CUSTOMER or OWNER only): ✓ for everyone
        route("POST", "/auth/register")
            .body(() -> registerBody())
            .expect(201, 201, 201, 201, 201, 201, 201, 201, 201),
        // POST /auth/login, /auth/login/mfa, /auth/refresh: ✓ (credentials in the body)
        route("POST", "/auth/login")
            .body(() -> credentials(neutral.email))
            .then((who, r) -> assertTrue(r.text("access_token") != null, r::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        route("POST", "/auth/login/mfa")
            .body(() -> mfaStep())
            .then((who, r) -> assertTrue(r.text("access_token") != null, r::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        route("POST", "/auth/refresh")
            .body(() -> json("refresh_token", login(neutral.email, null).text("refresh_token")))
            .then((who, r) -> assertTrue(r.text("refresh_token") != null, r::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        // POST /auth/logout, GET /auth/me, GET /auth/me/export, DELETE /auth/me, POST
        // /auth/password,
        // POST /auth/mfa/totp[/confirm]: 401 for anonymous and order tokens, ✓ for every signed-in
        // user
        route("POST", "/auth/logout")
            .creds(Creds.NEW_SESSION)
            .expect(401, 401, 204, 204, 204, 204, 204, 204, 401),
        route("GET", "/auth/me")
            .then(
                (who, r) ->
                    assertEquals(
                        restaurantOf(who),
                        r.json().path("restaurant_id").asText(null),
                        r::toString))
            .expect(401, 401, 200, 200, 200, 200, 200, 200, 401),
        route("GET", "/auth/me/export")
            .creds(Creds.NEW_ACCOUNT)
            .expect(401, 401, 200, 200, 200, 200, 200, 200, 401),
        route("DELETE", "/auth/me")
            .creds(Creds.NEW_ACCOUNT)
            .expect(401, 401, 204, 204, 204, 204, 204, 204, 401),
        route("POST", "/auth/password")
            .creds(Creds.NEW_ACCOUNT)
            .body(
                () -> json("current_password", PASSWORD, "new_password", "a quite different horse"))
            .expect(401, 401, 204, 204, 204, 204, 204, 204, 401),
        route(
                "POST",
                "/auth/mfa/totp") // only starts enrolment: logins are unchanged until confirmed
            .expect(401, 401, 200, 200, 200, 200, 200, 200, 401),
        route("POST", "/auth/mfa/totp/confirm")
            .creds(Creds.NEW_ACCOUNT)
            .on((who, token) -> confirmBody(who, token))
            .then((who, r) -> assertEquals(10, r.json().path("recovery_codes").size(), r::toString))
            .expect(401, 401, 200, 200, 200, 200, 200, 200, 401),
        // DELETE /auth/mfa/totp {password}: the same; off when it was off is no change
        route("DELETE", "/auth/mfa/totp")
            .creds(Creds.NEW_ACCOUNT)
            .body(() -> json("password", PASSWORD))
            .expect(401, 401, 204, 204, 204, 204, 204, 204, 401),
        // GET /.well-known/jwks.json: ✓ for everyone
        route("GET", "/.well-known/jwks.json")
            .then((who, r) -> assertTrue(r.raw().body().contains("\"keys\""), r::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        // GET /openapi, GET /asyncapi: ✓ for everyone (no credential is read)
        route("GET", "/openapi")
            .then((who, r) -> assertTrue(r.raw().body().contains("openapi: 3.1"), r::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        route("GET", "/asyncapi")
            .then((who, r) -> assertTrue(r.raw().body().contains("asyncapi: 3."), r::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        // POST /restaurants: 401 | 401 | 403 | ✓ | 403 | ✓ (owners) / 403 (staff) | 403
        route("POST", "/restaurants")
            .body(() -> restaurantBody())
            .expect(401, 401, 403, 201, 403, 201, 403, 403, 401),
        // GET /restaurants/{id}, GET /restaurants/{id}/menu: ✓ for everyone
        route("GET", "/restaurants/{id}")
            .publicAboutA()
            .on((who, token) -> new Target(a.restaurantId(), null, null))
            .then((who, r) -> assertEquals(a.restaurantId(), r.text("id"), r::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        route("GET", "/restaurants/{id}/menu")
            .publicAboutA()
            .on((who, token) -> new Target(a.restaurantId(), null, null))
            .then((who, r) -> assertTrue(r.raw().body().contains(itemA), r::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        // GET /restaurants/me: 401 | 401 | 403 | ✓ | ✓ | (acts for own) | 403
        route("GET", "/restaurants/me")
            .then((who, r) -> assertEquals(restaurantOf(who), r.text("id"), r::toString))
            .expect(401, 401, 403, 200, 200, 200, 200, 403, 401),
        // GET /restaurants/{id}/tables/{table}/qr.svg, qr.png: ✓ for everyone (printed QR codes)
        route("GET", "/restaurants/{id}/tables/{table}/qr.svg")
            .publicAboutA()
            .on((who, token) -> new Target(a.restaurantId(), null, null))
            .then(
                (who, r) ->
                    assertEquals(
                        "image/svg+xml", r.header("Content-Type"), r.raw().headers()::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        route("GET", "/restaurants/{id}/tables/{table}/qr.png")
            .publicAboutA()
            .on((who, token) -> new Target(a.restaurantId(), null, null))
            .then(
                (who, r) ->
                    assertEquals(
                        "image/png", r.header("Content-Type"), r.raw().headers()::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        // PATCH /restaurants/me, POST /restaurants/me/menu/categories, POST
        // /restaurants/me/menu/items,
        // POST /restaurants/me/staff: 401 | 401 | 403 | ✓ | 403 | (acts for own) | 403
        route("PATCH", "/restaurants/me")
            .body(() -> json("prep_minutes", 20))
            .then((who, r) -> assertEquals(restaurantOf(who), r.text("id"), r::toString))
            .expect(401, 401, 403, 200, 403, 200, 403, 403, 401),
        route("POST", "/restaurants/me/menu/categories")
            .body(() -> json("name", "Soups", "position", 1))
            .expect(401, 401, 403, 201, 403, 201, 403, 403, 401),
        route("POST", "/restaurants/me/menu/items")
            .body(() -> json("name", "Kimchi jjigae", "price", 8000))
            .expect(401, 401, 403, 201, 403, 201, 403, 403, 401),
        route("POST", "/restaurants/me/staff")
            .body(
                () ->
                    json(
                        "email",
                        freshEmail("added-staff"),
                        "name",
                        "New Staff",
                        "password",
                        PASSWORD))
            .expect(401, 401, 403, 201, 403, 201, 403, 403, 401),
        // PATCH/DELETE /restaurants/me/menu/items/{id}: 401 | 401 | 403 | ✓ | 403 | 404 (owners) /
        // 403 (staff) | 403
        // (staff may never change a menu, so a foreign staff member learns nothing from the 403)
        route("PATCH", "/restaurants/me/menu/items/{id}")
            .note("a fresh item of A")
            .on((who, token) -> new Target(freshItemOfA(), json("price", 9500), null))
            .then((who, r) -> assertEquals(9500, r.json().path("price").asLong(), r::toString))
            .expect(401, 401, 403, 200, 403, 404, 403, 403, 401),
        // PATCH /restaurants/me/menu/items/{id}/availability: 401 | 401 | 403 | ✓ | ✓ | 404 | 403
        // (the sold-out toggle: staff may make it, so a foreign staff member gets 404 as owners do)
        route("PATCH", "/restaurants/me/menu/items/{id}/availability")
            .note("a fresh item of A")
            .on((who, token) -> new Target(freshItemOfA(), json("available", false), null))
            .then((who, r) -> assertFalse(r.json().path("available").asBoolean(), r::toString))
            .expect(401, 401, 403, 200, 200, 404, 404, 403, 401),
        route("DELETE", "/restaurants/me/menu/items/{id}")
            .note("a fresh item of A")
            .on((who, token) -> new Target(freshItemOfA(), null, null))
            .expect(401, 401, 403, 204, 403, 404, 403, 403, 401),
        // GET /restaurants/me/menu: 401 | 401 | 403 | ✓ | ✓ | (acts for own) | 403
        route("GET", "/restaurants/me/menu")
            .then(
                (who, r) -> {
                  assertEquals(restaurantOf(who), r.text("restaurant_id"), r::toString);
                  assertTrue(r.json().has("price_rules"), r::toString);
                })
            .expect(401, 401, 403, 200, 200, 200, 200, 403, 401),
        // PUT /restaurants/me/menu/categories/order: 401 | 401 | 403 | ✓ | 403 | (acts for own) |
        // 403; the body names every category of the caller's own restaurant
        route("PUT", "/restaurants/me/menu/categories/order")
            .on((who, token) -> Target.body(ownCategoryOrder(who, token)))
            .expect(401, 401, 403, 200, 403, 200, 403, 403, 401),
        // PATCH/DELETE /restaurants/me/menu/categories/{id}: as items
        route("PATCH", "/restaurants/me/menu/categories/{id}")
            .note("a fresh category of A")
            .on((who, token) -> new Target(freshCategoryOfA(), json("name", "Stews"), null))
            .then((who, r) -> assertEquals("Stews", r.text("name"), r::toString))
            .expect(401, 401, 403, 200, 403, 404, 403, 403, 401),
        route("DELETE", "/restaurants/me/menu/categories/{id}")
            .note("a fresh category of A")
            .on((who, token) -> new Target(freshCategoryOfA(), null, null))
            .expect(401, 401, 403, 204, 403, 404, 403, 403, 401),
        // PUT /restaurants/me/hours, GET /restaurants/me/staff, GET and POST
        // /restaurants/me/menu/price-rules:
        // 401 | 401 | 403 | ✓ | 403 | (acts for own) | 403
        route("PUT", "/restaurants/me/hours")
            .body(() -> allDayEveryDay())
            .then((who, r) -> assertEquals(restaurantOf(who), r.text("id"), r::toString))
            .expect(401, 401, 403, 200, 403, 200, 403, 403, 401),
        route("GET", "/restaurants/me/staff")
            .then((who, r) -> assertTrue(r.raw().body().contains("\"data\""), r::toString))
            .expect(401, 401, 403, 200, 403, 200, 403, 403, 401),
        route("GET", "/restaurants/me/menu/price-rules")
            .expect(401, 401, 403, 200, 403, 200, 403, 403, 401),
        route("POST", "/restaurants/me/menu/price-rules")
            .body(
                () ->
                    json(
                        "name",
                        "Happy hour",
                        "kind",
                        "PERCENT_OFF",
                        "value",
                        10,
                        "from",
                        "15:00",
                        "to",
                        "17:00"))
            .expect(401, 401, 403, 201, 403, 201, 403, 403, 401),
        // PATCH and DELETE /restaurants/me/staff/{userId} (a staff member of A), POST
        // .../items/{id}/option-groups,
        // DELETE .../option-groups/{id}, DELETE .../price-rules/{id} (things of A):
        // 401 | 401 | 403 | ✓ | 403 | 404 (owners) / 403 (staff) | 403
        route("PATCH", "/restaurants/me/staff/{id}")
            .note("a fresh staff member of A")
            .on((who, token) -> new Target(freshStaffOfA(), json("role", "STAFF"), null))
            .expect(401, 401, 403, 200, 403, 404, 403, 403, 401),
        route("DELETE", "/restaurants/me/staff/{id}")
            .note("a fresh staff member of A")
            .on((who, token) -> new Target(freshStaffOfA(), null, null))
            .expect(401, 401, 403, 204, 403, 404, 403, 403, 401),
        route("POST", "/restaurants/me/menu/items/{id}/option-groups")
            .note("a fresh item of A")
            .on(
                (who, token) ->
                    new Target(
                        freshItemOfA(),
                        "{\"name\":\"Size\",\"min\":1,\"max\":1,\"options\":"
                            + "[{\"name\":\"Regular\"},{\"name\":\"Large\",\"price_delta\":2000}]}",
                        null))
            .expect(401, 401, 403, 201, 403, 404, 403, 403, 401),
        route("DELETE", "/restaurants/me/menu/option-groups/{id}")
            .note("a fresh option group of A")
            .on((who, token) -> new Target(freshOptionGroupOfA(), null, null))
            .expect(401, 401, 403, 204, 403, 404, 403, 403, 401),
        route("DELETE", "/restaurants/me/menu/price-rules/{id}")
            .note("a fresh price rule of A")
            .on((who, token) -> new Target(freshPriceRuleOfA(), null, null))
            .expect(401, 401, 403, 204, 403, 404, 403, 403, 401),
        // Webhook endpoints (OWNER only): POST and GET /restaurants/me/webhooks act for the
        // caller's
        // own restaurant; the routes of one endpoint of A: 401 | 401 | 403 | ✓ | 403 | 404 (owners)
        // / 403 (staff) | 403
        route("POST", "/restaurants/me/webhooks")
            .body(() -> json("url", PUBLIC_HOOK, "events", List.of("order.created")))
            .then((who, r) -> assertTrue(r.text("secret").startsWith("whsec_"), r::toString))
            .expect(401, 401, 403, 201, 403, 201, 403, 403, 401),
        route("GET", "/restaurants/me/webhooks")
            .then((who, r) -> assertTrue(r.json().path("data").isArray(), r::toString))
            .expect(401, 401, 403, 200, 403, 200, 403, 403, 401),
        route("GET", "/restaurants/me/webhooks/{id}")
            .note("a fresh webhook endpoint of A")
            .on((who, token) -> new Target(freshWebhookOfA(), null, null))
            .expect(401, 401, 403, 200, 403, 404, 403, 403, 401),
        route("DELETE", "/restaurants/me/webhooks/{id}")
            .note("a fresh webhook endpoint of A")
            .on((who, token) -> new Target(freshWebhookOfA(), null, null))
            .expect(401, 401, 403, 204, 403, 404, 403, 403, 401),
        route("POST", "/restaurants/me/webhooks/{id}/rotate-secret")
            .note("a fresh webhook endpoint of A")
            .on((who, token) -> new Target(freshWebhookOfA(), null, null))
            .expect(401, 401, 403, 200, 403, 404, 403, 403, 401),
        route("POST", "/restaurants/me/webhooks/{id}/enable")
            .note("a fresh webhook endpoint of A")
            .on((who, token) -> new Target(freshWebhookOfA(), null, null))
            .expect(401, 401, 403, 200, 403, 404, 403, 403, 401),
        route("GET", "/restaurants/me/webhooks/{id}/deliveries")
            .note("a fresh webhook endpoint of A")
            .on((who, token) -> new Target(freshWebhookOfA(), null, null))
            .expect(401, 401, 403, 200, 403, 404, 403, 403, 401),
        route("POST", "/restaurants/me/webhooks/{id}/deliveries/{delivery}/replay")
            .note("a fresh webhook endpoint of A with a delivery")
            .on((who, token) -> new Target(freshWebhookWithADeliveryOfA(), null, null))
            .expect(401, 401, 403, 202, 403, 404, 403, 403, 401),
        route("POST", "/restaurants/me/webhooks/{id}/replay")
            .note("a fresh webhook endpoint of A")
            .on(
                (who, token) ->
                    new Target(
                        freshWebhookOfA(),
                        json("from", "2026-01-01T00:00:00Z", "to", "2030-01-01T00:00:00Z"),
                        null))
            .expect(401, 401, 403, 202, 403, 404, 403, 403, 401),
        // POST /orders: ✓ for everyone (an order token places it as anonymous)
        route("POST", "/orders")
            .publicAboutA()
            .body(() -> Scenario.orderBody(a.restaurantId(), itemA, 1))
            .then(
                (who, r) -> {
                  aOrderIds.add(r.text("id"));
                  assertEquals(
                      !who.signedIn(),
                      r.json().has("order_token"),
                      "an order token only for anonymous orders: " + r);
                })
            .expect(201, 201, 201, 201, 201, 201, 201, 201, 401),
        // GET /orders/{id}: 401 | ✓ its own order, else 404 | ✓ if theirs, else 404 | ✓ | ✓ | 404 |
        // ✓
        route("GET", "/orders/{id}")
            .note("A's anonymous order, the order token's own")
            .on(
                (who, token) ->
                    new Target(anonymousOrder.text("id"), null, anonymousOrder.text("order_token")))
            .then((who, r) -> assertEquals(anonymousOrder.text("id"), r.text("id"), r::toString))
            .expect(401, 200, 404, 200, 200, 404, 404, 200, 401),
        route("GET", "/orders/{id}")
            .note("the CUSTOMER's order at A")
            .on((who, token) -> new Target(customerOrder, null, null))
            .then((who, r) -> assertEquals(customerOrder, r.text("id"), r::toString))
            .expect(401, 404, 200, 200, 200, 404, 404, 200, 401),
        // POST /orders/{id}/cancel: 401 | ✓ its own order | ✓ if theirs, else 404 | 404 | 404 | 404
        // | 404
        route("POST", "/orders/{id}/cancel")
            .note("a fresh anonymous PLACED order of A, the order token's own")
            .on(
                (who, token) -> {
                  Api.Response o = placeAtA(null);
                  return new Target(
                      o.text("id"), json("reason", "changed my mind"), o.text("order_token"));
                })
            .then((who, r) -> assertEquals("CANCELED", r.text("status"), r::toString))
            .expect(401, 200, 404, 404, 404, 404, 404, 404, 401),
        route("POST", "/orders/{id}/cancel")
            .note("a fresh PLACED order of the CUSTOMER at A")
            .on(
                (who, token) ->
                    new Target(
                        placeAtA(customer.token).text("id"),
                        json("reason", "changed my mind"),
                        null))
            .then((who, r) -> assertEquals("CANCELED", r.text("status"), r::toString))
            .expect(401, 404, 200, 404, 404, 404, 404, 404, 401),
        // DELETE /orders/{id}/customer: 401 | ✓ its own order | ✓ if theirs, else 404 | 404 | 404 |
        // 404 | 404
        route("DELETE", "/orders/{id}/customer")
            .note("a fresh anonymous order of A, the order token's own")
            .on(
                (who, token) -> {
                  Api.Response o = placeAtA(null);
                  return new Target(o.text("id"), null, o.text("order_token"));
                })
            .expect(401, 204, 404, 404, 404, 404, 404, 404, 401),
        route("DELETE", "/orders/{id}/customer")
            .note("a fresh order of the CUSTOMER at A")
            .on((who, token) -> new Target(placeAtA(customer.token).text("id"), null, null))
            .expect(401, 404, 204, 404, 404, 404, 404, 404, 401),
        // GET /restaurants/me/orders: 401 | 401 | 403 | ✓ | ✓ | (lists own only) | 403
        route("GET", "/restaurants/me/orders")
            .then(
                (who, r) -> {
                  List<String> restaurants = new ArrayList<>();
                  List<String> ids = new ArrayList<>();
                  r.json()
                      .path("data")
                      .forEach(
                          o -> {
                            restaurants.add(o.path("restaurant_id").asText());
                            ids.add(o.path("id").asText());
                          });
                  assertFalse(ids.isEmpty(), "each restaurant has orders: " + r);
                  assertTrue(
                      restaurants.stream().allMatch(restaurantOf(who)::equals),
                      "only own orders: " + r);
                  if (who.ofB()) {
                    assertTrue(ids.contains(orderOfB), "B's own order is listed: " + r);
                  } else {
                    assertTrue(
                        ids.stream().allMatch(aOrderIds::contains), "only orders of A: " + r);
                  }
                })
            .expect(401, 401, 403, 200, 200, 200, 200, 403, 401),
        // POST /restaurants/me/orders/{id}/accept, reject, start, ready, complete, cancel:
        // 401 | 401 | 403 | ✓ | ✓ | 404 | 403
        boardMove("accept", "PLACED", null, "ACCEPTED"),
        boardMove("reject", "PLACED", json("reason", "out of rice"), "REJECTED"),
        boardMove("start", "ACCEPTED", null, "PREPARING"),
        boardMove("ready", "PREPARING", null, "READY"),
        boardMove("complete", "READY", null, "COMPLETED"),
        boardMove("cancel", "ACCEPTED", json("reason", "the stove broke"), "CANCELED"),
        // POST /restaurants/me/orders/{id}/customer/phone: 401 | 401 | 403 | ✓ | ✓ | 404 | 403
        route("POST", "/restaurants/me/orders/{id}/customer/phone")
            .note("a fresh order of A with a phone")
            .on((who, token) -> new Target(placeAtA(null).text("id"), null, null))
            .then((who, r) -> assertEquals("010-9876-5432", r.text("phone"), r::toString))
            .expect(401, 401, 403, 200, 200, 404, 404, 403, 401),
        // GET /payments/window: ✓ for everyone (no credential is read)
        route("GET", "/payments/window")
            .then(
                (who, r) -> assertEquals("test_ck_every_route", r.text("client_key"), r::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        // POST /payments/confirm: ✓ with a payment key Toss ties to the order | ✓ its own order |
        // 404 (not theirs) | 404 |
        // 404 | 404 | 404
        route("POST", "/payments/confirm")
            .note("a fresh unpaid order of A, the order token's own")
            .on(
                (who, token) -> {
                  Api.Response o = unpaidOrderOfA();
                  String key = "tpk_" + UUID.randomUUID().toString().replace("-", "");
                  toss.authorize(key, o.text("id"), o.json().path("total").asLong(), "카드");
                  return new Target(
                      null,
                      json(
                          "payment_key",
                          key,
                          "order_id",
                          o.text("id"),
                          "amount",
                          o.json().path("total").asLong()),
                      o.text("order_token"));
                })
            .then(
                (who, r) ->
                    assertEquals(
                        "PLACED", r.json().path("order").path("status").asText(), r::toString))
            .expect(200, 200, 404, 404, 404, 404, 404, 404, 401),
        route("POST", "/payments/confirm")
            .note("a payment key Toss does not tie to the order")
            .on(
                (who, token) -> {
                  Api.Response o = unpaidOrderOfA();
                  String key = "tpk_" + UUID.randomUUID().toString().replace("-", "");
                  toss.authorize(key, "someone-elses-order", o.json().path("total").asLong(), "카드");
                  return new Target(
                      null,
                      json(
                          "payment_key",
                          key,
                          "order_id",
                          o.text("id"),
                          "amount",
                          o.json().path("total").asLong()),
                      o.text("order_token"));
                })
            .expect(401, 422, 404, 404, 404, 404, 404, 404, 401),
        // POST /webhooks/toss: ✓ for everyone (Toss sends no credential; nothing in the body is
        // believed)
        route("POST", "/webhooks/toss")
            .note("about a fresh paid order of A")
            .on(
                (who, token) -> {
                  String key = paidOrderOfA()[1];
                  return Target.body(
                      "{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"data\":{\"paymentKey\":\""
                          + key
                          + "\"}}");
                })
            .then((who, r) -> assertEquals("RECORDED", r.text("result"), r::toString))
            .expect(200, 200, 200, 200, 200, 200, 200, 200, 200),
        // POST /restaurants/me/orders/{id}/refund: 401 | 401 | 403 | ✓ | 403 | 404 (owners) / 403
        // (staff) | 403
        route("POST", "/restaurants/me/orders/{id}/refund")
            .note("a fresh paid order of A")
            .on(
                (who, token) ->
                    new Target(
                        paidOrderOfA()[0], json("amount", 1000, "reason", "cold soup"), null))
            // The paid amount is the order's total, which the route table's happy-hour rule
            // (15:00-17:00) lowers.
            .then(
                (who, r) ->
                    assertEquals(
                        r.json().path("payment").path("amount").asLong() - 1000,
                        r.json().path("payment").path("balance").asLong(),
                        r::toString))
            .expect(401, 401, 403, 201, 403, 404, 403, 403, 401),
        // GET /restaurants/me/settlements: 401 | 401 | 403 | ✓ | 403 | (acts for own) | 403
        route("GET", "/restaurants/me/settlements")
            .then((who, r) -> assertTrue(r.json().has("net"), r::toString))
            .expect(401, 401, 403, 200, 403, 200, 403, 403, 401),
        // GET /restaurants/me/analytics: 401 | 401 | 403 | ✓ | 403 | (acts for own) | 403
        route("GET", "/restaurants/me/analytics")
            .then((who, r) -> assertTrue(r.json().path("revenue").has("net"), r::toString))
            .expect(401, 401, 403, 200, 403, 200, 403, 403, 401),
        // GET /admin/analytics: 401 | 401 | 403 | 403 | 403 | 403 | ✓
        route("GET", "/admin/analytics")
            .then((who, r) -> assertTrue(r.json().has("totals"), r::toString))
            .expect(401, 401, 403, 403, 403, 403, 403, 200, 401),
        // POST /admin/users/{id}/revoke-sessions: 401 | 401 | 403 | 403 | 403 | 403 | ✓
        route("POST", "/admin/users/{id}/revoke-sessions")
            .note("a bystander's account")
            .on((who, token) -> new Target(bystander.userId, null, null))
            .then((who, r) -> assertTrue(r.json().has("sessions_ended"), r::toString))
            .expect(401, 401, 403, 403, 403, 403, 403, 200, 401),
        // GET /admin/audit: 401 | 401 | 403 | 403 | 403 | 403 | ✓
        route("GET", "/admin/audit")
            .then((who, r) -> assertTrue(r.json().has("data"), r::toString))
            .expect(401, 401, 403, 403, 403, 403, 403, 200, 401),
        // GET /admin/audit/verify: 401 | 401 | 403 | 403 | 403 | 403 | ✓
        route("GET", "/admin/audit/verify")
            .then((who, r) -> assertTrue(r.json().path("intact").asBoolean(), r::toString))
            .expect(401, 401, 403, 403, 403, 403, 403, 200, 401),
        // GET /admin/personal-data-access: 401 | 401 | 403 | 403 | 403 | 403 | ✓
        route("GET", "/admin/personal-data-access")
            .then((who, r) -> assertTrue(r.json().has("data"), r::toString))
            .expect(401, 401, 403, 403, 403, 403, 403, 200, 401),
        // GET /admin/notifications: 401 | 401 | 403 | 403 | 403 | 403 | ✓
        route("GET", "/admin/notifications")
            .then((who, r) -> assertTrue(r.json().has("data"), r::toString))
            .expect(401, 401, 403, 403, 403, 403, 403, 200, 401),
        // POST /admin/notifications/{id}/retry: 401 | 401 | 403 | 403 | 403 | 403 | ✓
        route("POST", "/admin/notifications/{id}/retry")
            .note("a fresh dead-letter text message")
            .on((who, token) -> new Target(aFailedNotification(), null, null))
            .then((who, r) -> assertEquals("pending", r.text("status"), r::toString))
            .expect(401, 401, 403, 403, 403, 403, 403, 200, 401));
  }

  /**
   * A move on A's order board, on a fresh order of A brought to {@code from} (its token is the
   * order token's own).
   */
  static Row boardMove(String move, String from, String body, String to) {
    return route("POST", "/restaurants/me/orders/{id}/" + move)
        .note("a fresh " + from + " order of A")
        .on(
            (who, token) -> {
              Api.Response o = placeAtA(null);
              String id = o.text("id");
              List<String> path = List.of("accept", "start", "ready");
              int steps = List.of("PLACED", "ACCEPTED", "PREPARING", "READY").indexOf(from);
              for (int i = 0; i < steps; i++) {
                Api.Response moved =
                    api.post(
                        "/api/v1/restaurants/me/orders/" + id + "/" + path.get(i), null, a.token());
                assertEquals(200, moved.status(), moved::toString);
              }
              return new Target(id, body, o.text("order_token"));
            })
        .then((who, r) -> assertEquals(to, r.text("status"), r::toString))
        .expect(401, 401, 403, 200, 200, 404, 404, 403, 401);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The world: restaurants A and B, their owners and staff, a customer, an admin, and a few
  // accounts used in bodies.

  record Account(String email, String userId, String token) {}

  @RegisterExtension
  static final RunningServer server =
      RunningServer.withEnv(Map.of("ORDERSYNC_TOSS_CLIENT_KEY", "test_ck_every_route"))
          .withFakeToss("test_sk_every_route");

  static final Api api = server.api();
  static final Scenario story = server.scenario();
  static dev.ordersync.server.toss.FakeToss toss;
  static Scenario.Owner a;
  static Scenario.Owner b;
  static String itemA;
  static String itemB;
  static Account staffA;
  static Account staffB;
  static Account customer;
  static Account admin;

  /** Logs in for /auth/login and /auth/refresh bodies. */
  static Account neutral;

  /** Has two-factor authentication on: /auth/login/mfa bodies, one recovery code each. */
  static Account withTwoFactor;

  static final Deque<String> recoveryCodes = new ArrayDeque<>();

  /** Whose sessions the admin route revokes. */
  static Account bystander;

  static Api.Response anonymousOrder;
  static String customerOrder;
  static String orderOfB;
  static final Set<String> aItemIds = ConcurrentHashMap.newKeySet();
  static final Set<String> aOrderIds = ConcurrentHashMap.newKeySet();
  static final Map<Who, Account> standing = new EnumMap<>(Who.class);

  /** The table of A whose QR codes the table's rows ask for. */
  static final String TABLE_OF_A = "7";

  @BeforeAll
  static void theWorld() {
    toss = server.toss();
    a = story.anOwnerWithARestaurant("Restaurant A");
    Api.Response tables =
        api.send(
            "PATCH",
            "/api/v1/restaurants/me",
            "{\"tables\":[\"1\",\"" + TABLE_OF_A + "\"]}",
            a.token(),
            null,
            null);
    assertEquals(200, tables.status(), tables::toString);
    b = story.anOwnerWithARestaurant("Restaurant B");
    itemA = story.anItem(a, "Bibimbap", 9000, null);
    aItemIds.add(itemA);
    itemB = story.anItem(b, "Naengmyeon", 11000, null);
    staffA = newStaff(a);
    staffB = newStaff(b);
    customer = newCustomer();
    admin = newAdmin();
    neutral = newCustomer();
    bystander = newCustomer();
    withTwoFactor = newCustomer();
    JsonNode codes = confirmTwoFactor(withTwoFactor.token);
    codes.forEach(c -> recoveryCodes.add(c.asText()));

    anonymousOrder = placeAtA(null);
    customerOrder = placeAtA(customer.token).text("id");
    Api.Response inB =
        api.post("/api/v1/orders", Scenario.orderBody(b.restaurantId(), itemB, 1), null);
    assertEquals(201, inB.status(), inB::toString);
    orderOfB = inB.text("id");

    standing.put(Who.CUSTOMER, customer);
    standing.put(Who.OWNER_A, new Account(a.email(), null, a.token()));
    standing.put(Who.STAFF_A, staffA);
    standing.put(Who.OWNER_B, new Account(b.email(), null, b.token()));
    standing.put(Who.STAFF_B, staffB);
    standing.put(Who.ADMIN, admin);
  }

  @TestFactory
  Stream<DynamicNode> everyRouteEveryRole() {
    List<Row> rows = table();
    Stream<DynamicNode> cases =
        rows.stream()
            .flatMap(
                row ->
                    Arrays.stream(Who.values())
                        .map(
                            who ->
                                DynamicTest.dynamicTest(
                                    row.title()
                                        + " as "
                                        + who.label
                                        + " -> "
                                        + row.expected().get(who),
                                    () -> call(row, who))));
    return Stream.of(
            cases,
            invalidBodies(rows),
            Stream.of(
                DynamicTest.dynamicTest(
                    "the table names every route the server registers",
                    () -> coversEveryRoute(rows))))
        .flatMap(s -> s);
  }

  /**
   * Bodies no route accepts: a field no request has (400 unknown_field when read), and JSON cut
   * short (400 malformed_json when read), and an empty name (422 validation_failed where a name is
   * a field, 400 unknown_field elsewhere).
   */
  static final List<String> INVALID_BODIES =
      List.of("{\"no_such_field\":true}", "{\"name\": 12", "{\"name\":\"\"}");

  /**
   * Authorisation before validation: every caller the table refuses a route that takes a body (401,
   * 403 or 404) is refused the same with an invalid body, never answered 400 or 422, which would
   * tell a stranger what the route expects and, for a foreign owner, that an id exists. Not {@code
   * POST /payments/confirm}: the order it is about is named in the body, so the body is read first
   * there.
   */
  private static Stream<DynamicNode> invalidBodies(List<Row> rows) {
    return rows.stream()
        .filter(row -> Set.of("POST", "PUT", "PATCH").contains(row.method()))
        .filter(row -> !row.path().equals("/payments/confirm"))
        .flatMap(
            row ->
                Arrays.stream(Who.values())
                    .filter(who -> row.expected().get(who) >= 400)
                    .flatMap(
                        who ->
                            INVALID_BODIES.stream()
                                .map(
                                    body ->
                                        DynamicTest.dynamicTest(
                                            row.title()
                                                + " with the invalid body "
                                                + body
                                                + " as "
                                                + who.label
                                                + " -> "
                                                + row.expected().get(who),
                                            () -> call(row, who, body)))));
  }

  private static void call(Row row, Who who) {
    call(row, who, null);
  }

  /** Calls the row's route as {@code who}, with {@code invalidBody} instead of the row's own. */
  private static void call(Row row, Who who, String invalidBody) {
    String token = tokenOf(who, row.creds());
    Target target = row.setup().prepare(who, token);
    if (who == Who.ORDER_TOKEN && target.orderToken() != null) {
      token = target.orderToken();
    }
    String url =
        row.url()
            .replace("{id}", target.id() == null ? "{id}" : target.id())
            .replace("{delivery}", DELIVERY_OF.getOrDefault(String.valueOf(target.id()), "{id}"))
            .replace("{table}", TABLE_OF_A);
    String body = invalidBody != null ? invalidBody : target.body();
    Api.Response r = api.send(row.method(), url, body, token, null, null);
    int expected = row.expected().get(who);
    assertEquals(
        expected,
        r.status(),
        () ->
            row.title()
                + " as "
                + who.label
                + (invalidBody == null ? "" : " with the body " + invalidBody)
                + ": expected "
                + expected
                + ", got "
                + r.status()
                + " "
                + r.raw().body());
    if (invalidBody == null && r.status() >= 200 && r.status() < 300) {
      row.check().verify(who, r);
      if (who.ofB() && !row.publicAboutA()) {
        assertNothingOfA(row.title() + " as " + who.label, r.raw().body());
      }
    }
  }

  private static void assertNothingOfA(String what, String body) {
    List<String> ofA = new ArrayList<>();
    ofA.add(a.restaurantId());
    ofA.addAll(aItemIds);
    ofA.addAll(aOrderIds);
    for (String id : ofA) {
      assertFalse(body.contains(id), what + " shows " + id + " of restaurant A: " + body);
    }
  }

  /** The credential the caller sends. */
  private static String tokenOf(Who who, Creds creds) {
    return switch (who) {
      case ANONYMOUS -> null;
      case INVALID -> INVALID_TOKEN;
      // The token of A's standing anonymous order; a call about one particular anonymous order
      // sends that order's.
      case ORDER_TOKEN -> anonymousOrder.text("order_token");
      default ->
          switch (creds) {
            case STANDING -> standing.get(who).token();
            case NEW_SESSION ->
                login(standing.get(who).email(), restaurantOf(who)).text("access_token");
            case NEW_ACCOUNT -> newAccount(who).token();
          };
    };
  }

  /** The restaurant a caller acts for, or null. */
  static String restaurantOf(Who who) {
    return switch (who) {
      case OWNER_A, STAFF_A -> a.restaurantId();
      case OWNER_B, STAFF_B -> b.restaurantId();
      default -> null;
    };
  }

  /**
   * A new account of the caller's kind: a co-owner or a new staff member of A or B, a new customer,
   * a new admin.
   */
  private static Account newAccount(Who who) {
    return switch (who) {
      case CUSTOMER -> newCustomer();
      case OWNER_A -> newCoOwner(a.restaurantId());
      case OWNER_B -> newCoOwner(b.restaurantId());
      case STAFF_A -> newStaff(a);
      case STAFF_B -> newStaff(b);
      case ADMIN -> newAdmin();
      default -> throw new IllegalArgumentException(who.label);
    };
  }

  static String freshEmail(String kind) {
    return kind + "-" + UUID.randomUUID() + "@example.kr";
  }

  static Api.Response login(String email, String restaurantId) {
    ObjectNode body = Api.object().put("email", email).put("password", PASSWORD);
    if (restaurantId != null) {
      body.put("restaurant_id", restaurantId);
    }
    Api.Response r = api.post("/api/v1/auth/login", body.toString(), null);
    assertEquals(200, r.status(), r::toString);
    return r;
  }

  static Account newCustomer() {
    String email = freshEmail("customer");
    String id = story.register(email, "CUSTOMER");
    return new Account(email, id, login(email, null).text("access_token"));
  }

  static Account newAdmin() {
    String email = freshEmail("admin");
    String id =
        server
            .application()
            .createAdmin()
            .handle(CreateAdmin.Command.from(email, "Admin", PASSWORD))
            .id()
            .toString();
    return new Account(email, id, login(email, null).text("access_token"));
  }

  /** A STAFF member the restaurant's owner adds; the session acts for that restaurant. */
  static Account newStaff(Scenario.Owner owner) {
    String email = freshEmail("staff");
    Api.Response added =
        api.post(
            "/api/v1/restaurants/me/staff",
            json("email", email, "name", "Park Ji-hoon", "password", PASSWORD),
            owner.token());
    assertEquals(201, added.status(), added::toString);
    return new Account(
        email, added.text("id"), login(email, owner.restaurantId()).text("access_token"));
  }

  /**
   * A second OWNER of a restaurant. No route makes one, so the membership is written into the
   * database; it exists so an owner of A or B can erase their account (the sole owner of a
   * restaurant is refused with 409 sole_owner, a rule of EraseMe and not a permission) and so fresh
   * "OWNER of A" accounts really are owners of A.
   */
  static Account newCoOwner(String restaurantId) {
    String email = freshEmail("co-owner");
    String id = story.register(email, "OWNER");
    try (Connection c = server.database().connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO restaurant_members (user_id, restaurant_id, role) VALUES (?::uuid, ?::uuid, 'OWNER')")) {
      s.setString(1, id);
      s.setString(2, restaurantId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return new Account(email, id, login(email, restaurantId).text("access_token"));
  }

  /** A text message to a guest of A that the provider refused, written straight to the table. */
  static String aFailedNotification() {
    UUID id = UUID.randomUUID();
    try (Connection c = server.database().connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO notifications (id, source_id, kind, channel, restaurant_id, subject_id, subject_key,"
                    + " recipient_bidx, status, attempts, last_code, next_attempt_at, expires_at, created_at,"
                    + " updated_at) VALUES (?, ?, 'ORDER_READY', 'SMS', ?::uuid, ?, 'order:' || ?::text,"
                    + " ?, 'failed', 1, '-101', now(), now() + interval '1 day', now(), now())")) {
      UUID subject = UUID.randomUUID();
      s.setObject(1, id);
      s.setString(2, "test:" + id);
      s.setString(3, a.restaurantId());
      s.setObject(4, subject);
      s.setObject(5, subject);
      s.setBytes(6, id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return id.toString();
  }

  /** Places an order of one A item, anonymously (token null) or as the signed-in caller. */
  /**
   * An anonymous order of A that awaits its online payment (A takes online payment just for it).
   */
  static Api.Response unpaidOrderOfA() {
    assertEquals(
        200,
        api.send(
                "PATCH",
                "/api/v1/restaurants/me",
                json("payment_mode", "ONLINE"),
                a.token(),
                null,
                null)
            .status());
    try {
      Api.Response r = placeAtA(null);
      assertEquals("AWAITING_PAYMENT", r.text("status"), r::toString);
      return r;
    } finally {
      assertEquals(
          200,
          api.send(
                  "PATCH",
                  "/api/v1/restaurants/me",
                  json("payment_mode", "AT_COUNTER"),
                  a.token(),
                  null,
                  null)
              .status());
    }
  }

  /** An order of A paid through Toss: its id and its Toss payment key. */
  static String[] paidOrderOfA() {
    Api.Response o = unpaidOrderOfA();
    String key = "tpk_" + UUID.randomUUID().toString().replace("-", "");
    long total = o.json().path("total").asLong();
    toss.authorize(key, o.text("id"), total, "카드");
    Api.Response paid =
        api.post(
            "/api/v1/payments/confirm",
            json("payment_key", key, "order_id", o.text("id"), "amount", total),
            o.text("order_token"));
    assertEquals(200, paid.status(), paid::toString);
    return new String[] {o.text("id"), key};
  }

  static Api.Response placeAtA(String token) {
    Api.Response r =
        api.post("/api/v1/orders", Scenario.orderBody(a.restaurantId(), itemA, 1), token);
    assertEquals(201, r.status(), r::toString);
    aOrderIds.add(r.text("id"));
    return r;
  }

  static String freshItemOfA() {
    String id = story.anItem(a, "Tteokbokki", 6000, null);
    aItemIds.add(id);
    return id;
  }

  /** Opening hours that keep A open whenever the rest of the table orders there. */
  static String allDayEveryDay() {
    StringBuilder sb = new StringBuilder("{\"weekly\":[");
    for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
      sb.append(d.ordinal() == 0 ? "" : ",")
          .append("{\"day\":\"")
          .append(d)
          .append("\",\"opens\":\"00:00\",\"closes\":\"00:00\"}");
    }
    return sb.append("]}").toString();
  }

  static String freshCategoryOfA() {
    Api.Response r =
        api.post("/api/v1/restaurants/me/menu/categories", json("name", "Sides"), a.token());
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  /**
   * For a caller that may read its restaurant's menu: its categories' ids, reversed; for anyone
   * else some list.
   */
  static String ownCategoryOrder(Who who, String token) {
    Api.Response menu = api.get("/api/v1/restaurants/me/menu", token);
    ObjectNode body = Api.object();
    var ids = body.putArray("ids");
    if (menu.status() == 200) {
      List<String> own = new ArrayList<>();
      menu.json().path("categories").forEach(c -> own.add(c.path("id").asText()));
      java.util.Collections.reverse(own);
      own.forEach(ids::add);
    }
    return body.toString();
  }

  static String freshStaffOfA() {
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/staff",
            json("email", freshEmail("staff-of-a"), "name", "Cook", "password", PASSWORD),
            a.token());
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  static String freshOptionGroupOfA() {
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/menu/items/" + freshItemOfA() + "/option-groups",
            "{\"name\":\"Extra\",\"min\":0,\"max\":1,\"options\":[{\"name\":\"Egg\",\"price_delta\":500}]}",
            a.token());
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  /** A public address (TEST-NET-3) the server accepts as a webhook URL and never reaches. */
  static final String PUBLIC_HOOK = "https://203.0.113.10/hook";

  /** The delivery of each endpoint made by {@link #freshWebhookWithADeliveryOfA}. */
  static final Map<String, String> DELIVERY_OF = new ConcurrentHashMap<>();

  static String freshWebhookOfA() {
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/webhooks",
            json("url", PUBLIC_HOOK, "events", List.of("order.refunded")),
            a.token());
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  /** An endpoint of A that wants order.created, and an order of A placed after it. */
  static String freshWebhookWithADeliveryOfA() {
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/webhooks",
            json("url", PUBLIC_HOOK, "events", List.of("order.created")),
            a.token());
    assertEquals(201, r.status(), r::toString);
    String id = r.text("id");
    aOrderIds.add(story.anAnonymousOrder(a.restaurantId(), itemA, 1).text("id"));
    Api.Response log = api.get("/api/v1/restaurants/me/webhooks/" + id + "/deliveries", a.token());
    assertEquals(200, log.status(), log::toString);
    DELIVERY_OF.put(id, log.json().path("data").path(0).path("id").asText());
    return id;
  }

  static String freshPriceRuleOfA() {
    Api.Response r =
        api.post(
            "/api/v1/restaurants/me/menu/price-rules",
            json(
                "name", "Late", "kind", "AMOUNT_OFF", "value", 500, "from", "22:00", "to", "02:00"),
            a.token());
    assertEquals(201, r.status(), r::toString);
    return r.text("id");
  }

  static String registerBody() {
    return json("email", freshEmail("registered"), "password", PASSWORD, "name", "Choi Yuna");
  }

  static String credentials(String email) {
    return json("email", email, "password", PASSWORD);
  }

  static String restaurantBody() {
    return json(
        "name",
        "Another Place",
        "business_number",
        "220-81-62517",
        "phone",
        "02-123-4567",
        "address",
        "Busan");
  }

  /** The second step of a 2FA login: a fresh mfa_token and one of the account's recovery codes. */
  static String mfaStep() {
    Api.Response first = login(withTwoFactor.email(), null);
    assertTrue(first.json().path("mfa_required").asBoolean(), first::toString);
    String code;
    synchronized (recoveryCodes) {
      code = recoveryCodes.pop();
    }
    return json("mfa_token", first.text("mfa_token"), "code", code);
  }

  /**
   * For a signed-in caller: starts its enrolment and sends the current code; anyone else sends some
   * code.
   */
  static Target confirmBody(Who who, String token) {
    if (!who.signedIn()) {
      return Target.body(json("code", "123456"));
    }
    return Target.body(json("code", Totp.code(enrol(token), Totp.step(Instant.now()))));
  }

  static byte[] enrol(String token) {
    Api.Response started = api.post("/api/v1/auth/mfa/totp", null, token);
    assertEquals(200, started.status(), started::toString);
    return SecondFactorOverHttpTest.base32(started.text("secret"));
  }

  /** Turns 2FA on for the account; its recovery codes. */
  static JsonNode confirmTwoFactor(String token) {
    byte[] secret = enrol(token);
    Api.Response confirmed =
        api.post(
            "/api/v1/auth/mfa/totp/confirm",
            json("code", Totp.code(secret, Totp.step(Instant.now()))),
            token);
    assertEquals(200, confirmed.status(), confirmed::toString);
    return confirmed.json().path("recovery_codes");
  }

  /** A JSON object from name, value pairs. */
  static String json(Object... pairs) {
    ObjectNode node = Api.object();
    for (int i = 0; i < pairs.length; i += 2) {
      String name = (String) pairs[i];
      Object value = pairs[i + 1];
      switch (value) {
        case Integer n -> node.put(name, n);
        case Long n -> node.put(name, n);
        case Boolean v -> node.put(name, v);
        case List<?> list -> {
          var array = node.putArray(name);
          list.forEach(e -> array.add(String.valueOf(e)));
        }
        default -> node.put(name, String.valueOf(value));
      }
    }
    return node.toString();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Every route the server registers must be a row of the table, so a new route cannot skip this
  // walk.

  private static final Path HTTP_SOURCES =
      Stream.of(
              "src/main/java/dev/ordersync/server/http",
              "ordersync-server/src/main/java/dev/ordersync/server/http")
          .map(Path::of)
          .filter(Files::isDirectory)
          .findFirst()
          .orElse(
              Path.of(
                  "src/main/java/dev/ordersync/server/http")); // the module's folder (Maven) or the
  // repository's
  private static final Pattern PARAMETER = Pattern.compile("(\\w+Routes)\\s+(\\w+)\\s*[,)]");

  /** {@code .register("/prefix", api.one(), api.two())}: a prefix and the services under it. */
  private static final Pattern REGISTER =
      Pattern.compile(
          "\\.register\\(\\s*\"([^\"]*)\"((?:\\s*,\\s*(?:\\w+\\.)?\\w+(?:\\(\\))?)+)\\s*\\)");

  private static final Pattern SERVICE = Pattern.compile("(?:\\w+\\.)?(\\w+)(?:\\(\\))?");
  private static final Pattern RULE =
      Pattern.compile("\\.(get|post|put|patch|delete)\\(\\s*\"(/[^\"]*)\"");

  private static void coversEveryRoute(List<Row> rows) throws IOException {
    String routing = Files.readString(HTTP_SOURCES.resolve("ApiRouting.java"));
    Map<String, String> typeOf = new HashMap<>();
    Matcher p = PARAMETER.matcher(routing);
    while (p.find()) {
      typeOf.put(p.group(2), p.group(1));
    }
    Set<String> registered = new TreeSet<>();
    Matcher m = REGISTER.matcher(routing);
    int understood = 0;
    while (m.find()) {
      understood++;
      String prefix = m.group(1);
      Matcher service = SERVICE.matcher(m.group(2));
      while (service.find()) {
        String type = typeOf.get(service.group(1));
        if (type == null) {
          fail("ApiRouting registers " + service.group() + ", whose type this test cannot tell");
        }
        Matcher rule = RULE.matcher(Files.readString(HTTP_SOURCES.resolve(type + ".java")));
        while (rule.find()) {
          String path = rule.group(2).equals("/") ? prefix : prefix + rule.group(2);
          registered.add(
              rule.group(1).toUpperCase(java.util.Locale.ROOT)
                  + " "
                  + path.replaceAll("\\{[^}]*}", "{id}"));
        }
      }
    }
    assertEquals(
        routing.split("\\.register\\(", -1).length - 1,
        understood,
        "every .register(...) of ApiRouting is read by this test");
    assertFalse(registered.isEmpty(), "no routes found under " + HTTP_SOURCES.toAbsolutePath());
    Set<String> walked = new TreeSet<>();
    for (Row row : rows) {
      walked.add(
          row.method() + " " + row.url().replace("{table}", "{id}").replace("{delivery}", "{id}"));
    }
    Set<String> missing = new TreeSet<>(registered);
    missing.removeAll(walked);
    assertTrue(
        missing.isEmpty(), "routes the server registers that the table does not walk: " + missing);
    Set<String> unknown = new TreeSet<>(walked);
    unknown.removeAll(registered);
    assertTrue(unknown.isEmpty(), "rows of the table the server does not register: " + unknown);
  }
}
