package dev.ordersync.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The method, path and body each call sends. */
class EveryRouteTest {
  private static final UUID ID = UUID.fromString("0193a5c0-0000-7000-8000-000000000099");
  private final FakeServer server = FakeServer.start();
  private final OrderSyncClient client = server.client().build();

  @AfterEach
  void stop() {
    server.close();
  }

  private void assertSent(String method, String path, String json) throws Exception {
    FakeServer.Recorded r = server.requests().getLast();
    assertEquals(method + " " + path, r.method() + " " + r.path());
    if (json == null) {
      assertEquals("", r.body());
    } else {
      ObjectMapper m = new ObjectMapper();
      assertEquals(m.readTree(json), m.readTree(r.body()));
    }
  }

  @Test
  void hoursStaffAndCategories() throws Exception {
    server.reply(200, "{\"id\":\"" + ID + "\",\"name\":\"x\",\"paused\":false}");
    client
        .restaurants()
        .setHours(
            new OpeningHours(
                List.of(
                    new OpeningHours.Range(
                        DayOfWeek.FRIDAY, LocalTime.of(18, 0), LocalTime.of(2, 0))),
                List.of(LocalDate.of(2026, 12, 25)),
                List.of()));
    assertSent(
        "PUT",
        "/api/v1/restaurants/me/hours",
        "{\"weekly\":[{\"day\":\"FRIDAY\",\"opens\":\"18:00\",\"closes\":\"02:00\"}],"
            + "\"holidays\":[\"2026-12-25\"],\"closures\":[]}");

    server.reply(201, "{\"id\":\"" + ID + "\",\"email\":\"s@example.kr\",\"role\":\"STAFF\"}");
    client.restaurants().addStaff("s@example.kr", "Lee", "correct horse battery");
    assertSent(
        "POST",
        "/api/v1/restaurants/me/staff",
        "{\"email\":\"s@example.kr\",\"name\":\"Lee\",\"password\":\"correct horse battery\"}");

    server.reply(
        200,
        "{\"data\":[{\"user_id\":\""
            + ID
            + "\",\"email\":\"s@example.kr\",\"name\":\"Lee\","
            + "\"role\":\"STAFF\",\"account_role\":\"STAFF\"}]}");
    assertEquals(Role.STAFF, client.restaurants().listStaff().getFirst().role());
    assertSent("GET", "/api/v1/restaurants/me/staff", null);

    server.reply(200, "{\"user_id\":\"" + ID + "\",\"email\":\"s@example.kr\",\"role\":\"OWNER\"}");
    client.restaurants().changeStaffRole(ID, Role.OWNER);
    assertSent("PATCH", "/api/v1/restaurants/me/staff/" + ID, "{\"role\":\"OWNER\"}");

    server.raw(204, "application/json", "");
    client.restaurants().removeStaff(ID);
    assertSent("DELETE", "/api/v1/restaurants/me/staff/" + ID, null);

    server.reply(200, "{\"id\":\"" + ID + "\",\"name\":\"Noodles\",\"position\":3}");
    client.restaurants().updateCategory(ID, null, 3);
    assertSent("PATCH", "/api/v1/restaurants/me/menu/categories/" + ID, "{\"position\":3}");

    server.reply(
        200, "{\"categories\":[{\"id\":\"" + ID + "\",\"name\":\"Noodles\",\"position\":0}]}");
    assertEquals(0, client.restaurants().reorderCategories(List.of(ID)).getFirst().position());
    assertSent("PUT", "/api/v1/restaurants/me/menu/categories/order", "{\"ids\":[\"" + ID + "\"]}");

    server.raw(204, "application/json", "");
    client.restaurants().removeCategory(ID);
    assertSent("DELETE", "/api/v1/restaurants/me/menu/categories/" + ID, null);
  }

  @Test
  void itemsOptionsAndPriceRules() throws Exception {
    server.reply(200, Fixtures.menuItem());
    client
        .restaurants()
        .updateAvailability(
            ID, UpdateAvailabilityRequest.builder().available(true).stockNotCounted().build());
    assertSent(
        "PATCH",
        "/api/v1/restaurants/me/menu/items/" + ID + "/availability",
        "{\"available\":true,\"stock\":null}");

    server.reply(
        201,
        "{\"id\":\""
            + ID
            + "\",\"item_id\":\""
            + ID
            + "\",\"name\":\"Size\",\"min\":1,\"max\":1,"
            + "\"options\":[{\"id\":\""
            + ID
            + "\",\"name\":\"Large\",\"price_delta\":1000,"
            + "\"available\":true}]}");
    OptionGroup g =
        client
            .restaurants()
            .addOptionGroup(
                ID,
                new NewOptionGroup("Size", 1, 1, List.of(NewOptionGroup.Option.of("Large", 1000))));
    assertEquals("Large", g.options().getFirst().name());
    assertSent(
        "POST",
        "/api/v1/restaurants/me/menu/items/" + ID + "/option-groups",
        "{\"name\":\"Size\",\"min\":1,\"max\":1,\"options\":[{\"name\":\"Large\",\"price_delta\":1000}]}");

    server.raw(204, "application/json", "");
    client.restaurants().removeOptionGroup(ID);
    assertSent("DELETE", "/api/v1/restaurants/me/menu/option-groups/" + ID, null);

    server.reply(
        201,
        "{\"id\":\""
            + ID
            + "\",\"name\":\"Happy\",\"kind\":\"PERCENT_OFF\",\"value\":10,"
            + "\"days\":[],\"from\":\"15:00\",\"to\":\"17:00\",\"priority\":1,\"item_ids\":[],"
            + "\"category_ids\":[]}");
    client
        .restaurants()
        .addPriceRule(
            new NewPriceRule(
                "Happy",
                PriceRule.Kind.PERCENT_OFF,
                10,
                List.of(),
                LocalTime.of(15, 0),
                LocalTime.of(17, 0),
                1,
                List.of(),
                List.of()));
    assertSent(
        "POST",
        "/api/v1/restaurants/me/menu/price-rules",
        "{\"name\":\"Happy\",\"kind\":\"PERCENT_OFF\",\"value\":10,\"days\":[],\"from\":\"15:00\","
            + "\"to\":\"17:00\",\"priority\":1,\"item_ids\":[],\"category_ids\":[]}");

    server.reply(200, "{\"data\":[]}");
    assertEquals(List.of(), client.restaurants().listPriceRules());
    assertSent("GET", "/api/v1/restaurants/me/menu/price-rules", null);

    server.raw(204, "application/json", "");
    client.restaurants().removePriceRule(ID);
    assertSent("DELETE", "/api/v1/restaurants/me/menu/price-rules/" + ID, null);
  }

  @Test
  void ordersPaymentsQrAndTheAccount() throws Exception {
    server.reply(200, "{\"phone\":\"010-1234-5678\"}");
    assertEquals(Optional.of("010-1234-5678"), client.restaurantOrders().revealPhone(ID));
    assertSent("POST", "/api/v1/restaurants/me/orders/" + ID + "/customer/phone", null);

    server.raw(204, "application/json", "");
    client.orders().eraseCustomer(ID);
    assertSent("DELETE", "/api/v1/orders/" + ID + "/customer", null);

    server.reply(
        200,
        "{\"client_key\":\"test_ck_1\",\"script_url\":\"https://js.tosspayments.com/v1/payment\"}");
    assertEquals("test_ck_1", client.payments().window().clientKey());
    assertSent("GET", "/api/v1/payments/window", null);

    server.raw(200, "image/svg+xml", "<svg/>");
    assertArrayEquals(
        "<svg/>".getBytes(StandardCharsets.UTF_8), client.restaurants().tableQrSvg(ID, "테라스-3"));
    FakeServer.Recorded qr = server.requests().getLast();
    assertEquals(
        "/api/v1/restaurants/" + ID + "/tables/%ED%85%8C%EB%9D%BC%EC%8A%A4-3/qr.svg", qr.path());
    assertEquals("*/*", qr.header("Accept"));

    server.reply(200, "{\"secret\":\"JBSW\",\"otpauth_uri\":\"otpauth://totp/x\"}");
    assertEquals("JBSW", client.auth().enrollTotp().secret());
    assertSent("POST", "/api/v1/auth/mfa/totp", null);

    server.reply(200, "{\"recovery_codes\":[\"a\",\"b\"]}");
    assertEquals(List.of("a", "b"), client.auth().confirmTotp("123456"));
    assertSent("POST", "/api/v1/auth/mfa/totp/confirm", "{\"code\":\"123456\"}");

    server.raw(204, "application/json", "");
    client.auth().changePassword("old password", "new password!");
    assertSent(
        "POST",
        "/api/v1/auth/password",
        "{\"current_password\":\"old password\",\"new_password\":\"new password!\"}");

    server.reply(
        200,
        "{\"user\":{\"id\":\""
            + ID
            + "\",\"email\":\"c@example.kr\",\"role\":\"CUSTOMER\"},"
            + "\"memberships\":[],\"mfa_enabled\":false,\"recovery_codes_left\":0,"
            + "\"sessions\":[{\"id\":\""
            + ID
            + "\",\"second_factor\":false}],\"orders\":[],"
            + "\"exported_at\":\"2026-11-24T00:00:00Z\"}");
    AccountExport export = client.auth().exportMyData();
    assertEquals(1, export.sessions().size());
    assertSent("GET", "/api/v1/auth/me/export", null);

    server.raw(204, "application/json", "");
    client.auth().eraseMyAccount();
    assertSent("DELETE", "/api/v1/auth/me", null);

    server.reply(200, "{\"id\":\"" + ID + "\",\"name\":\"x\",\"paused\":true}");
    client
        .restaurants()
        .updateSettings(
            UpdateSettingsRequest.builder()
                .paused(true)
                .tables(List.of("1"))
                .defaultOrderPrefix()
                .requireStaffMfa(true)
                .build());
    assertSent(
        "PATCH",
        "/api/v1/restaurants/me",
        "{\"paused\":true,\"tables\":[\"1\"],\"order_prefix\":null,\"require_staff_mfa\":true}");
    assertEquals(10, server.requests().size());
  }

  @Test
  void analyticsNotificationsAndTurningTheSecondFactorOff() throws Exception {
    server.reply(
        200,
        "{\"from\":\"2026-11-29\",\"to\":\"2026-11-30\",\"time_zone\":\"Asia/Seoul\","
            + "\"granularity\":\"day\",\"orders\":8,\"sales\":6,\"canceled\":2,\"rejected\":1,"
            + "\"revenue\":{\"gross\":53000,\"refunds\":9000,\"net\":44000},\"refund_count\":3,"
            + "\"average_order_value\":8833,\"cancel_rate\":0.25,\"reject_rate\":0.125,"
            + "\"top_items\":[{\"menu_item_id\":\""
            + ID
            + "\",\"name\":\"라면\",\"count\":5,\"revenue\":25000}],"
            + "\"top_items_by_revenue\":[],\"by_hour\":[1,0,7],"
            + "\"stage_seconds\":{\"placed_to_accepted\":{\"count\":6,\"avg\":4.2,\"p90\":10},"
            + "\"accepted_to_ready\":{\"count\":0,\"avg\":null,\"p90\":null}},"
            + "\"series\":[{\"start\":\"2026-11-29T00:00+09:00\",\"orders\":7,\"sales\":5,"
            + "\"gross\":49000,\"refunds\":7000,\"net\":42000}],\"a_future_field\":1}");
    SalesAnalytics a =
        client
            .restaurants()
            .analytics(
                LocalDate.of(2026, 11, 29),
                LocalDate.of(2026, 11, 30),
                SalesAnalytics.Granularity.DAY);
    assertEquals(
        "GET /api/v1/restaurants/me/analytics",
        server.requests().getLast().method() + " " + server.requests().getLast().path());
    assertEquals(
        "from=2026-11-29&to=2026-11-30&granularity=day", server.requests().getLast().rawQuery());
    assertEquals(new SalesAnalytics.Revenue(53000, 9000, 44000), a.revenue());
    assertEquals("라면", a.topItems().getFirst().name());
    assertEquals(new java.math.BigDecimal("4.2"), a.stageSeconds().placedToAccepted().avg());
    assertEquals(null, a.stageSeconds().acceptedToReady().p90());
    assertEquals(
        java.time.OffsetDateTime.parse("2026-11-29T00:00+09:00"), a.series().getFirst().start());
    assertEquals(List.of(1L, 0L, 7L), a.byHour());

    server.raw(200, "text/csv; charset=utf-8", "start,orders,sales,gross,refunds,net\r\n");
    assertEquals(
        "start,orders,sales,gross,refunds,net\r\n",
        client.restaurants().analyticsCsv(null, null, null));
    assertEquals("text/csv", server.requests().getLast().header("Accept"));
    assertSent("GET", "/api/v1/restaurants/me/analytics", null);

    server.reply(
        200,
        "{\"from\":\"2026-12-01\",\"to\":\"2026-12-07\",\"restaurants\":2,\"limit\":1,"
            + "\"offset\":0,\"totals\":{\"orders\":3,\"sales\":2,\"canceled\":1,\"rejected\":0,"
            + "\"revenue\":{\"gross\":9000,\"refunds\":0,\"net\":9000}},\"data\":[{"
            + "\"restaurant_id\":\""
            + ID
            + "\",\"name\":\"Noodles\",\"time_zone\":\"Asia/Seoul\",\"orders\":2,\"sales\":2,"
            + "\"canceled\":0,\"rejected\":0,\"revenue\":{\"gross\":9000,\"refunds\":0,"
            + "\"net\":9000}}]}");
    PlatformAnalytics p = client.admin().analytics(null, null, 1, null);
    assertEquals("limit=1", server.requests().getLast().rawQuery());
    assertSent("GET", "/api/v1/admin/analytics", null);
    assertEquals(2, p.restaurants());
    assertEquals(9000, p.data().getFirst().revenue().gross());

    String message =
        "{\"id\":\""
            + ID
            + "\",\"kind\":\"ORDER_READY\",\"channel\":\"SMS\","
            + "\"recipient\":\"010-****-5678\",\"status\":\"failed\",\"attempts\":3,"
            + "\"last_code\":\"-101\",\"last_detail\":\"refused\","
            + "\"created_at\":\"2026-12-07T01:00:00Z\",\"next_attempt_at\":null,"
            + "\"restaurant_id\":\""
            + ID
            + "\"}";
    server
        .reply(200, "{\"data\":[" + message + "],\"next_cursor\":\"" + ID + "\"}")
        .reply(200, "{\"data\":[],\"next_cursor\":null}");
    List<Notification> all = client.admin().notifications("failed", 1).autoPagingStream().toList();
    assertEquals(1, all.size());
    assertEquals("010-****-5678", all.getFirst().recipient());
    assertEquals("status=failed&limit=1&cursor=" + ID, server.requests().getLast().rawQuery());

    server.reply(200, message.replace("failed", "pending"));
    assertEquals("pending", client.admin().retryNotification(ID).status());
    assertSent("POST", "/api/v1/admin/notifications/" + ID + "/retry", null);

    server.raw(204, "application/json", "");
    client.auth().disableTotp("correct horse battery");
    assertSent("DELETE", "/api/v1/auth/mfa/totp", "{\"password\":\"correct horse battery\"}");
  }

  @Test
  void theAdministratorsCalls() throws Exception {
    server.reply(200, "{\"sessions_ended\":3}");
    assertEquals(3, client.admin().revokeSessions(ID));
    assertSent("POST", "/api/v1/admin/users/" + ID + "/revoke-sessions", null);

    server.reply(
        200,
        "{\"intact\":false,\"records\":12,\"checkpoints\":2,\"findings\":[{\"kind\":\"HASH\","
            + "\"sequence\":7,\"record_id\":\"r7\",\"detail\":\"broken\"}]}");
    AuditVerification v = client.admin().verifyAudit();
    assertEquals(
        new AuditVerification.Finding("HASH", 7L, "r7", "broken"), v.findings().getFirst());
    assertSent("GET", "/api/v1/admin/audit/verify", null);

    server
        .reply(
            200,
            "{\"data\":[{\"sequence\":9,\"action\":\"ORDER_ACCEPTED\"}],\"next_cursor\":\"9\"}")
        .reply(200, "{\"data\":[{\"sequence\":8}],\"next_cursor\":null}");
    List<Object> sequences =
        client
            .admin()
            .audit("order", null, null, "ORDER_ACCEPTED", null, null, 1)
            .autoPagingStream()
            .map(r -> r.get("sequence"))
            .toList();
    assertEquals(List.of(9, 8), sequences);
    assertEquals(
        "entity_type=order&action=ORDER_ACCEPTED&limit=1&cursor=9",
        server.requests().getLast().rawQuery());

    server.reply(200, "{\"data\":[],\"next_cursor\":null}");
    client.admin().personalDataAccesses("order:" + ID, null, null, null, null);
    assertEquals("subject=order%3A" + ID, server.requests().getLast().rawQuery());
  }

  @Test
  void theWebhookEndpointsCalls() throws Exception {
    String endpoint =
        "{\"id\":\""
            + ID
            + "\",\"url\":\"https://pos.example.com/h\",\"events\":[\"order.created\"],"
            + "\"status\":\"enabled\",\"failing_since\":null,\"disabled_at\":null,"
            + "\"previous_secret_expires_at\":\"2026-12-09T00:00:00Z\","
            + "\"created_at\":\"2026-12-08T00:00:00Z\",\"updated_at\":\"2026-12-08T00:00:00Z\","
            + "\"secret\":\"whsec_abc\",\"added_later\":1}";
    server.reply(201, endpoint);
    WebhookEndpoint made =
        client
            .webhooks()
            .create(
                new CreateWebhookRequest("https://pos.example.com/h", List.of("order.created")));
    assertSent(
        "POST",
        "/api/v1/restaurants/me/webhooks",
        "{\"url\":\"https://pos.example.com/h\",\"events\":[\"order.created\"]}");
    assertEquals("whsec_abc", made.secret());
    assertEquals(java.time.Instant.parse("2026-12-09T00:00:00Z"), made.previousSecretExpiresAt());
    assertEquals(List.of("order.created"), made.events());

    server.reply(200, "{\"data\":[" + endpoint + "]}");
    assertEquals(ID, client.webhooks().list().getFirst().id());
    assertSent("GET", "/api/v1/restaurants/me/webhooks", null);

    server.reply(200, endpoint);
    client.webhooks().get(ID);
    assertSent("GET", "/api/v1/restaurants/me/webhooks/" + ID, null);

    server.reply(204, "");
    client.webhooks().delete(ID);
    assertSent("DELETE", "/api/v1/restaurants/me/webhooks/" + ID, null);

    server.reply(200, endpoint);
    client.webhooks().rotateSecret(ID);
    assertSent("POST", "/api/v1/restaurants/me/webhooks/" + ID + "/rotate-secret", null);

    server.reply(200, endpoint);
    client.webhooks().enable(ID);
    assertSent("POST", "/api/v1/restaurants/me/webhooks/" + ID + "/enable", null);

    String delivery =
        "{\"id\":\""
            + ID
            + "\",\"endpoint_id\":\""
            + ID
            + "\",\"event_id\":\""
            + ID
            + "\",\"event_type\":\"order.created\",\"status\":\"failed\",\"attempts\":3,"
            + "\"response_code\":500,\"last_error\":\"answered 500\",\"next_attempt_at\":null,"
            + "\"created_at\":\"2026-12-08T00:00:00Z\",\"delivered_at\":null}";
    server
        .reply(200, "{\"data\":[" + delivery + "],\"next_cursor\":\"" + ID + "\"}")
        .reply(200, "{\"data\":[],\"next_cursor\":null}");
    List<WebhookDelivery> log = client.webhooks().deliveries(ID, 1).autoPagingStream().toList();
    assertEquals(1, log.size());
    assertEquals(500, log.getFirst().responseCode());
    assertEquals("answered 500", log.getFirst().lastError());
    assertEquals("limit=1&cursor=" + ID, server.requests().getLast().rawQuery());

    server.reply(202, delivery);
    client.webhooks().replay(ID, ID);
    assertSent(
        "POST", "/api/v1/restaurants/me/webhooks/" + ID + "/deliveries/" + ID + "/replay", null);

    server.reply(
        202,
        "{\"replayed\":2,\"from\":\"2026-12-08T00:00:00Z\",\"to\":\"2026-12-08T01:00:00Z\","
            + "\"limit\":10000}");
    WebhookReplay replay =
        client
            .webhooks()
            .replay(
                ID,
                java.time.Instant.parse("2026-12-08T00:00:00Z"),
                java.time.Instant.parse("2026-12-08T01:00:00Z"));
    assertEquals(2, replay.replayed());
    assertSent(
        "POST",
        "/api/v1/restaurants/me/webhooks/" + ID + "/replay",
        "{\"from\":\"2026-12-08T00:00:00Z\",\"to\":\"2026-12-08T01:00:00Z\"}");
  }
}
