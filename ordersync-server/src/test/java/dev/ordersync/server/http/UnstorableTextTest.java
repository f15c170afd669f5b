package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.server.Api;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Text PostgreSQL cannot store (U+0000; a lone surrogate, which has no UTF-8 form) is refused where
 * it enters, as a 422 naming the field, on every route and in query parameters alike; and no
 * problem quotes a library's own error text.
 */
class UnstorableTextTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static Scenario.Owner owner;
  static String item;
  static String admin;

  @BeforeAll
  static void aRestaurantAndAnAuditor(Scenario story) {
    owner = story.anOwnerWithARestaurant("Plain Text Kitchen");
    item = story.anItem(owner, "Bibimbap", 11000, null);
    String email = "auditor-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(CreateAdmin.Command.from(email, "Auditor", "correct horse battery"));
    admin = story.login(email);
  }

  private static void assertRefused(Api.Response r, String field, String message) {
    assertEquals(422, r.status(), r::toString);
    assertEquals("validation_failed", r.code(), r::toString);
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals(field, r.json().path("errors").get(0).path("field").asText(), r::toString);
    assertTrue(
        r.json().path("errors").get(0).path("message").asText().contains(message), r::toString);
  }

  private String order(String customerName, String note) {
    return "{\"restaurant_id\":\""
        + owner.restaurantId()
        + "\",\"items\":[{\"menu_item_id\":\""
        + item
        + "\",\"quantity\":1}],\"customer\":{\"name\":\""
        + customerName
        + "\"},\"note\":\""
        + note
        + "\",\"fulfillment\":\"TAKEOUT\"}";
  }

  @Test
  void aNulInAnyStoredTextIsAFieldErrorNotA500() {
    assertRefused(
        api.post("/api/v1/orders", order("Lee\\u0000", "fine"), null), "customer.name", "U+0000");
    assertRefused(
        api.post(
            "/api/v1/restaurants/me/menu/items",
            "{\"name\":\"Kimchi\\u0000\",\"price\":5000}",
            owner.token()),
        "name",
        "U+0000");
    assertRefused(
        api.post(
            "/api/v1/auth/register",
            "{\"email\":\"nul-"
                + UUID.randomUUID()
                + "@example.kr\",\"password\":\"correct horse battery\",\"name\":\"\\u0000\"}",
            null),
        "name",
        "U+0000");
    assertRefused(
        api.post(
            "/api/v1/restaurants/me/menu/items",
            "{\"name\":\"Kimchi\",\"price\":5000,\"na\\u0000me\":1}",
            owner.token()),
        "na\\u0000me",
        "U+0000");
  }

  @Test
  void aLoneSurrogateIsRefusedAndAPairIsKept() {
    assertRefused(
        api.post("/api/v1/orders", order("Lee", "no onions \\ud83d"), null), "note", "surrogate");
    assertRefused(
        api.post("/api/v1/orders", order("\\udc00Lee", "fine"), null),
        "customer.name",
        "surrogate");
    Api.Response emoji = api.post("/api/v1/orders", order("Lee \\ud83d\\ude00", "fine"), null);
    assertEquals(201, emoji.status(), emoji::toString);
  }

  @Test
  void aNulInAQueryParameterIsAFieldErrorToo() {
    assertRefused(api.get("/api/v1/admin/audit?actor=a%00b", admin), "actor", "U+0000");
    assertRefused(
        api.get("/api/v1/admin/audit?entity_type=order&entity_id=%00", admin),
        "entity_id",
        "U+0000");
    assertRefused(
        api.get("/api/v1/restaurants/me/orders?cursor=%00", owner.token()), "cursor", "U+0000");
    assertEquals(404, api.get("/api/v1/orders/%00", owner.token()).status());
  }

  private static final Pattern OUR_WORDS =
      Pattern.compile("the body is not valid JSON( \\(at line \\d+, column \\d+\\))?");

  @Test
  void malformedJsonIsDescribedInOurWordsNotTheParsers() {
    String[] bodies = {
      "{\"restaurant_id\": ",
      "[1,2",
      "{\"a\":1}{\"b\":2}",
      "{\"note\":\"x\",\"note\":\"y\"}",
      "{'a':1}",
      "{\"a\":NaN}",
      "{\"a\":01}",
      "\u00ff\u00fe"
    };
    for (String body : bodies) {
      Api.Response r = api.post("/api/v1/auth/login", body, null);
      assertEquals(400, r.status(), r::toString);
      assertEquals("malformed_json", r.code(), r::toString);
      assertTrue(OUR_WORDS.matcher(r.text("detail")).matches(), r::toString);
    }
  }

  @Test
  void malformedQueryParametersAreDescribedInOurWords() {
    for (String query : new String[] {"from=yesterday", "limit=abc", "cursor=x", "action=x-y"}) {
      Api.Response r = api.get("/api/v1/admin/audit?" + query, admin);
      assertEquals(400, r.status(), r::toString);
      assertEquals("invalid_parameter", r.code(), r::toString);
      assertEquals(query.split("=")[0], r.json().path("errors").get(0).path("field").asText());
      assertFalse(r.text("detail").contains("could not be parsed"), r::toString);
      assertFalse(r.text("detail").contains("For input string"), r::toString);
      assertFalse(r.text("detail").contains(": x"), r::toString);
    }
  }
}
