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

class PrivacyOverHttpTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();

  @Test
  void aCustomerExportsEverythingThenErasesItAndTheRestaurantKeepsItsRecord() throws Exception {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Records Kept");
    String item = story.anItem(owner, "Soondae", 7000, null);
    String email = "erase-" + UUID.randomUUID() + "@example.kr";
    story.register(email, "CUSTOMER");
    String token = story.login(email);
    Api.Response placed =
        api.post(
            "/api/v1/orders",
            "{\"restaurant_id\":\""
                + owner.restaurantId()
                + "\",\"items\":[{\"menu_item_id\":\""
                + item
                + "\",\"quantity\":2}],\"customer\":{\"name\":\"Yoon Seo-yeon\",\"phone\":\"010-2222-3333\"},"
                + "\"note\":\"ring twice\",\"fulfillment\":\"TAKEOUT\"}",
            token);
    assertEquals(201, placed.status());

    Api.Response export = api.get("/api/v1/auth/me/export", token);
    assertEquals(200, export.status(), export::toString);
    assertEquals(email, export.json().path("user").path("email").asText());
    assertEquals(
        "Yoon Seo-yeon",
        export.json().path("orders").get(0).path("customer").path("name").asText());
    assertTrue(export.json().path("sessions").size() >= 1);

    assertEquals(204, api.send("DELETE", "/api/v1/auth/me", null, token, null, null).status());
    assertEquals(401, api.get("/api/v1/auth/me", token).status());
    assertEquals(
        401,
        api.post(
                "/api/v1/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
                null)
            .status());

    Api.Response kept = api.get("/api/v1/orders/" + placed.text("id"), owner.token());
    assertEquals(14000, kept.json().path("total").asLong());
    assertTrue(kept.json().path("customer").path("name").isNull());
    try (Connection c = server.database().connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM users WHERE erased_at IS NOT NULL AND (email_ct IS NOT NULL OR name_ct IS NOT NULL"
                  + " OR phone_ct IS NOT NULL)")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "no ciphertext of the erased account is left either");
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM subject_keys WHERE subject_id LIKE 'user:%'"
                  + " AND subject_id = 'user:' || (SELECT id FROM users WHERE erased_at IS NOT NULL LIMIT 1)")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "the account's key was shredded");
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM orders WHERE id = '"
                  + placed.text("id")
                  + "' AND (customer_name_ct IS NOT NULL"
                  + " OR customer_phone_ct IS NOT NULL OR note_ct IS NOT NULL)")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
      try (ResultSet rs =
          s.executeQuery("SELECT count(*) FROM security_events WHERE type = 'user_erased'")) {
        rs.next();
        assertEquals(1, rs.getInt(1));
      }
    }
  }

  @Test
  void theOnlyOwnerOfARestaurantCannotEraseThemselves() {
    Scenario.Owner owner = story.anOwnerWithARestaurant("Owned");
    Api.Response refused = api.send("DELETE", "/api/v1/auth/me", null, owner.token(), null, null);
    assertEquals(409, refused.status());
    assertEquals("sole_owner", refused.code());
    assertFalse(api.get("/api/v1/auth/me", owner.token()).status() != 200);
  }
}
