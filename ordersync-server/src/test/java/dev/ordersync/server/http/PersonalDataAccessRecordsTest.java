package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.user.CreateAdmin;
import dev.ordersync.server.Api;
import dev.ordersync.server.LiveClient;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every read of customers' and users' personal fields by staff, owners and admins leaves one
 * PERSONAL_DATA_ACCESSED record in the audit chain (who, whose, which fields, from where); the data
 * subjects' own reads leave none; admins list them by subject, actor and time.
 */
class PersonalDataAccessRecordsTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  static final Api api = server.api();
  static final Scenario story = server.scenario();
  static String admin;
  static String adminId;

  @BeforeAll
  static void anAuditor() {
    String email = "pipa-auditor-" + UUID.randomUUID() + "@example.kr";
    server
        .application()
        .createAdmin()
        .handle(CreateAdmin.Command.from(email, "Auditor", "auditor password long"));
    Api.Response login =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"auditor password long\"}",
            null);
    admin = login.text("access_token");
    adminId = api.get("/api/v1/auth/me", admin).text("id");
  }

  /** A restaurant with an owner, a member of staff (its user id and token) and a menu item. */
  record Kitchen(Scenario.Owner owner, String staffId, String staff, String item) {}

  static Kitchen aKitchen(String name) {
    Scenario.Owner owner = story.anOwnerWithARestaurant(name);
    String email = "cook-" + UUID.randomUUID() + "@example.kr";
    Api.Response added =
        api.post(
            "/api/v1/restaurants/me/staff",
            "{\"email\":\"" + email + "\",\"name\":\"Cook Park\",\"password\":\"cook password\"}",
            owner.token());
    assertEquals(201, added.status(), added::toString);
    Api.Response login =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"cook password\"}",
            null);
    assertEquals(200, login.status(), login::toString);
    return new Kitchen(
        owner,
        added.text("id"),
        login.text("access_token"),
        story.anItem(owner, "Japchae", 9000, null));
  }

  /** The access records matching the query, once everything committed so far is sealed. */
  static List<JsonNode> accesses(String query) {
    sealEverything();
    Api.Response r = api.get("/api/v1/admin/personal-data-access?" + query, admin);
    assertEquals(200, r.status(), r::toString);
    List<JsonNode> out = new ArrayList<>();
    r.json().path("data").forEach(out::add);
    return out;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static String userIdOf(String token) {
    return api.get("/api/v1/auth/me", token).text("id");
  }

  @Test
  void aBoardReadByStaffIsOneRecordNamingItsOrdersTheFieldsAndWhereItCameFrom() {
    Kitchen k = aKitchen("Board Kitchen");
    String first = story.anAnonymousOrder(k.owner().restaurantId(), k.item(), 1).text("id");
    String second = story.anAnonymousOrder(k.owner().restaurantId(), k.item(), 2).text("id");

    Api.Response board = api.get("/api/v1/restaurants/me/orders", k.staff());
    assertEquals(200, board.status(), board::toString);
    assertEquals(2, board.json().path("data").size());

    List<JsonNode> records = accesses("actor=" + k.staffId());
    assertEquals(1, records.size(), "one record per request, not one per row: " + records);
    JsonNode r = records.getFirst();
    assertEquals("order_board", r.path("view").asText());
    assertEquals(
        List.of("order:" + second, "order:" + first), texts(r.path("subjects")), "newest first");
    assertEquals(List.of("customer_name", "customer_phone_masked"), texts(r.path("fields")));
    assertEquals(k.staffId(), r.path("actor").path("id").asText());
    assertEquals("STAFF", r.path("actor").path("role").asText());
    assertEquals(k.owner().restaurantId(), r.path("actor").path("restaurant").asText());
    assertFalse(r.path("actor").path("session_id").isNull(), r::toString);
    assertEquals(board.header("X-Request-Id"), r.path("request_id").asText());
    assertEquals("127.0.0.1", r.path("client_address").asText());
    assertFalse(r.path("self").asBoolean());
    assertTrue(verified());
  }

  @Test
  void orderDetailReadByTheRestaurantOrAnAdminIsRecordedButNotTheCustomersOwnReads() {
    Kitchen k = aKitchen("Detail Kitchen");
    String email = "guest-" + UUID.randomUUID() + "@example.kr";
    String customerId = story.register(email, "CUSTOMER");
    String customer = story.login(email);
    Api.Response placed =
        api.post(
            "/api/v1/orders",
            Scenario.orderBody(k.owner().restaurantId(), k.item(), 1),
            customer,
            UUID.randomUUID().toString());
    assertEquals(201, placed.status(), placed::toString);
    String order = placed.text("id");
    Api.Response anonymous = story.anAnonymousOrder(k.owner().restaurantId(), k.item(), 1);
    String guestOrder = anonymous.text("id");

    // The data subjects themselves: a customer with an account and an order token's holder.
    assertEquals(200, api.get("/api/v1/orders/" + order, customer).status());
    assertEquals(
        200, api.get("/api/v1/orders/" + guestOrder, anonymous.text("order_token")).status());
    assertEquals(List.of(), accesses("subject=order:" + order));
    assertEquals(List.of(), accesses("subject=order:" + guestOrder));
    assertEquals(List.of(), accesses("actor=" + customerId));

    String ownerId = userIdOf(k.owner().token());
    assertEquals(200, api.get("/api/v1/orders/" + order, k.owner().token()).status());
    assertEquals(200, api.get("/api/v1/orders/" + guestOrder, admin).status());

    List<JsonNode> byOwner = accesses("subject=user:" + customerId);
    assertEquals(1, byOwner.size(), byOwner::toString);
    assertEquals("order_detail", byOwner.getFirst().path("view").asText());
    assertEquals(ownerId, byOwner.getFirst().path("actor").path("id").asText());
    assertEquals("OWNER", byOwner.getFirst().path("actor").path("role").asText());
    assertEquals(
        List.of("order:" + order, "user:" + customerId),
        texts(byOwner.getFirst().path("subjects")));
    List<JsonNode> byAdmin = accesses("subject=order:" + guestOrder);
    assertEquals(1, byAdmin.size(), byAdmin::toString);
    assertEquals(adminId, byAdmin.getFirst().path("actor").path("id").asText());
    assertEquals("ADMIN", byAdmin.getFirst().path("actor").path("role").asText());
    assertTrue(verified());
  }

  @Test
  void theStaffListTheExportAndTheAdminsAuditViewAreRecorded() {
    Kitchen k = aKitchen("People Kitchen");
    String ownerId = userIdOf(k.owner().token());
    assertEquals(200, api.get("/api/v1/restaurants/me/staff", k.owner().token()).status());
    List<JsonNode> list = accesses("actor=" + ownerId);
    assertEquals(1, list.size(), list::toString);
    assertEquals("staff_list", list.getFirst().path("view").asText());
    assertEquals(
        List.of("user:" + k.staffId()),
        texts(list.getFirst().path("subjects")),
        "the owner's own entry is not someone else's data");
    assertEquals(List.of("name", "email"), texts(list.getFirst().path("fields")));

    assertEquals(200, api.get("/api/v1/auth/me/export", k.staff()).status());
    List<JsonNode> export = accesses("actor=" + k.staffId());
    assertEquals(1, export.size(), export::toString);
    assertEquals("data_export", export.getFirst().path("view").asText());
    assertTrue(export.getFirst().path("self").asBoolean(), "marked as the person's own read");

    String order = story.anAnonymousOrder(k.owner().restaurantId(), k.item(), 1).text("id");
    sealEverything();
    Api.Response view = api.get("/api/v1/admin/audit?entity_type=order&entity_id=" + order, admin);
    assertEquals(200, view.status(), view::toString);
    assertEquals(1, view.json().path("data").size(), view::toString);
    List<JsonNode> audited = accesses("subject=order:" + order);
    assertEquals(1, audited.size(), audited::toString);
    assertEquals("admin_audit", audited.getFirst().path("view").asText());
    assertEquals(adminId, audited.getFirst().path("actor").path("id").asText());

    // Listing the access records shows ids only: it is not itself a read of personal data.
    accesses("subject=order:" + order);
    assertEquals(1, accesses("subject=order:" + order).size());
    assertTrue(verified());
  }

  @Test
  void theFeedSocketRecordsItsSnapshotAndEachEventItSendsWithTheSocketsAddress() {
    Kitchen k = aKitchen("Feed Kitchen");
    String open = story.anAnonymousOrder(k.owner().restaurantId(), k.item(), 1).text("id");
    try (LiveClient c =
        LiveClient.connect(server.port(), "/ws/restaurants/me/orders?access_token=" + k.staff())) {
      assertEquals("snapshot", c.next().path("type").asText());
      String fresh = story.anAnonymousOrder(k.owner().restaurantId(), k.item(), 1).text("id");
      JsonNode created = c.next();
      assertEquals(fresh, created.path("order").path("id").asText());

      List<JsonNode> snapshot = accesses("subject=order:" + open);
      assertEquals(1, snapshot.size(), snapshot::toString);
      assertEquals("restaurant_feed_snapshot", snapshot.getFirst().path("view").asText());
      assertEquals(k.staffId(), snapshot.getFirst().path("actor").path("id").asText());
      assertEquals("127.0.0.1", snapshot.getFirst().path("client_address").asText());
      String socket = snapshot.getFirst().path("request_id").asText();
      assertTrue(socket.startsWith("ws-"), socket);

      List<JsonNode> event = accesses("subject=order:" + fresh);
      assertEquals(1, event.size(), event::toString);
      assertEquals("restaurant_feed_event", event.getFirst().path("view").asText());
      assertEquals(socket, event.getFirst().path("request_id").asText(), "the same socket");
      assertEquals(
          List.of("customer_name", "customer_phone_masked"),
          texts(event.getFirst().path("fields")));
    }
    assertTrue(verified());
  }

  @Test
  void theOrderSocketRecordsTheRestaurantsReadsButNotTheCustomersOwn() {
    Kitchen k = aKitchen("Socket Kitchen");
    Api.Response placed = story.anAnonymousOrder(k.owner().restaurantId(), k.item(), 1);
    String order = placed.text("id");
    String path = "/ws/orders/" + order + "/status?access_token=";
    try (LiveClient mine = LiveClient.connect(server.port(), path + placed.text("order_token"));
        LiveClient staff = LiveClient.connect(server.port(), path + k.staff())) {
      assertEquals("snapshot", mine.next().path("type").asText());
      assertEquals("snapshot", staff.next().path("type").asText());
      Api.Response accepted =
          api.post(
              "/api/v1/restaurants/me/orders/" + order + "/accept",
              "{\"prep_minutes\":10}",
              k.owner().token());
      assertEquals(200, accepted.status(), accepted::toString);
      assertEquals(order, mine.next().path("order").path("id").asText());
      assertEquals(order, staff.next().path("order").path("id").asText());

      List<JsonNode> records = accesses("subject=order:" + order);
      assertEquals(
          List.of("order_status_socket_event", "order_status_socket"),
          records.stream().map(r -> r.path("view").asText()).toList(),
          "the staff socket's snapshot and event, nothing for the token holder's: " + records);
      for (JsonNode r : records) {
        assertEquals(k.staffId(), r.path("actor").path("id").asText());
        assertEquals("127.0.0.1", r.path("client_address").asText());
      }
    }
    assertTrue(verified());
  }

  @Test
  void adminsFilterTheRecordsAndBadFiltersAreProblems() {
    Kitchen k = aKitchen("Filter Kitchen");
    String order = story.anAnonymousOrder(k.owner().restaurantId(), k.item(), 1).text("id");
    assertEquals(200, api.get("/api/v1/orders/" + order, k.staff()).status());
    assertEquals(200, api.get("/api/v1/orders/" + order, k.owner().token()).status());

    assertEquals(2, accesses("subject=order:" + order).size());
    assertEquals(1, accesses("subject=order:" + order + "&actor=" + k.staffId()).size());
    assertEquals(
        0, accesses("subject=order:" + order + "&from=2099-01-01T00:00:00Z").size(), "by time");
    assertEquals(
        2,
        accesses("subject=order:" + order + "&from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z")
            .size());
    List<JsonNode> paged = accesses("subject=order:" + order + "&limit=1");
    assertEquals(1, paged.size());
    Api.Response page =
        api.get("/api/v1/admin/personal-data-access?subject=order:" + order + "&limit=1", admin);
    String next = page.text("next_cursor");
    assertNotNull(next, page::toString);
    Api.Response rest =
        api.get(
            "/api/v1/admin/personal-data-access?subject=order:" + order + "&limit=1&cursor=" + next,
            admin);
    assertEquals(1, rest.json().path("data").size(), rest::toString);
    assertFalse(
        rest.json().path("data").get(0).path("sequence").equals(page.json().path("data").get(0)));

    for (String bad :
        List.of(
            "subject=" + order,
            "subject=customer:" + order,
            "actor=somebody",
            "from=yesterday",
            "from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z",
            "limit=0",
            "cursor=abc")) {
      Api.Response r = api.get("/api/v1/admin/personal-data-access?" + bad, admin);
      assertEquals(400, r.status(), bad + ": " + r);
      assertTrue(r.header("Content-Type").startsWith("application/problem+json"), bad + ": " + r);
    }
    Api.Response inTheTrail =
        api.get("/api/v1/admin/audit?action=PERSONAL_DATA_ACCESSED&actor=" + k.staffId(), admin);
    assertEquals(200, inTheTrail.status(), inTheTrail::toString);
    assertEquals(1, inTheTrail.json().path("data").size(), inTheTrail::toString);
    assertEquals(
        "personal_data:order:" + order,
        inTheTrail.json().path("data").get(0).path("entity_type").asText()
            + ":"
            + inTheTrail.json().path("data").get(0).path("entity_id").asText(),
        "one subject: named as the record's entity");
    assertEquals(
        2, accesses("subject=order:" + order).size(), "the trail's listing of them is no read");
    assertEquals(403, api.get("/api/v1/admin/personal-data-access", k.owner().token()).status());
    assertEquals(401, api.get("/api/v1/admin/personal-data-access", null).status());
  }

  /**
   * Seals every record committed so far: the scheduled sealer may hold the sealing lock when we
   * ask, so wait until nothing is pending.
   */
  static void sealEverything() {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      server.sealAuditNow();
      try (Connection c = server.database().connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM audit.audit_pending")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          return;
        }
        assertTrue(System.nanoTime() < deadline, "records still pending: " + rs.getLong(1));
        Thread.sleep(50);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static boolean verified() {
    sealEverything();
    Api.Response v = api.get("/api/v1/admin/audit/verify", admin);
    assertEquals(200, v.status(), v::toString);
    return v.json().path("intact").asBoolean();
  }
}
