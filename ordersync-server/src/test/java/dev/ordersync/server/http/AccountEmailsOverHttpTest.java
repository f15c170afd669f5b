package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.notify.Notification;
import dev.ordersync.core.notify.NotificationKind;
import dev.ordersync.server.Api;
import dev.ordersync.server.RecordedNotifications;
import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The emails about an account (a login from a device and address not seen before, a new password)
 * and a restaurant's staff, each recorded with the change and audited as queued ({@code
 * EMAIL_QUEUED}).
 */
class AccountEmailsOverHttpTest {
  static final RecordedNotifications emails = new RecordedNotifications();

  @RegisterExtension
  static final RunningServer server = RunningServer.create().withNotificationsIn(emails);

  static final Api api = server.api();
  static final Scenario scenario = server.scenario();

  static final String FIREFOX_ON_LINUX =
      "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

  /** Logs in from another loopback address (the server sees 127.0.0.2), as Firefox. */
  static int loginFrom(String localAddress, String email, String password) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .localAddress(InetAddress.getByName(localAddress))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .header("User-Agent", FIREFOX_ON_LINUX)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  /** The sealed audit records of {@code action} about the user, once the sealer has caught up. */
  static long audited(String action, UUID userId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    long n = count(action, userId);
    while (n == 0 && System.nanoTime() < deadline) {
      server.sealAuditNow();
      Thread.sleep(50);
      n = count(action, userId);
    }
    return n;
  }

  private static long count(String action, UUID userId) throws Exception {
    try (Connection c = server.database().connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM audit.audit_log WHERE action = ? AND entity_id = ?")) {
      ps.setString(1, action);
      ps.setString(2, userId.toString());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void aLoginFromANewDeviceAndAddressIsEmailedAndAuditedButNotTheFirstNorARepeatedOne()
      throws Exception {
    String email = "owner-" + UUID.randomUUID() + "@example.kr";
    scenario.register(email, "OWNER");
    scenario.login(email);
    scenario.login(email);
    assertTrue(emails.to(email).isEmpty(), "the first login, then the same address again");

    assertEquals(200, loginFrom("127.0.0.2", email, "correct horse battery"));
    List<Notification> sent = emails.to(email, NotificationKind.NEW_DEVICE_LOGIN);
    assertEquals(1, sent.size(), emails.all()::toString);
    String body = sent.getFirst().message().body();
    assertTrue(body.contains("127.0.0.2"), body);
    assertTrue(body.contains("Firefox (Linux)"), body);
    assertTrue(body.contains("비밀번호를 바꾸세요") && body.contains("If it was not you"), body);
    assertTrue(sent.getFirst().sourceId().startsWith("login:"));
    UUID user = sent.getFirst().subjectId();
    assertEquals(1, audited("EMAIL_QUEUED", user), "the queued email is in the audit trail");

    assertEquals(200, loginFrom("127.0.0.2", email, "correct horse battery"));
    assertEquals(1, emails.to(email, NotificationKind.NEW_DEVICE_LOGIN).size(), "known now");
    assertEquals(401, loginFrom("127.0.0.3", email, "wrong password, long"));
    assertEquals(1, emails.to(email).size(), "a failed login is no login");
  }

  @Test
  void aChangedPasswordIsEmailed() throws Exception {
    String email = "staff-" + UUID.randomUUID() + "@example.kr";
    scenario.register(email, "CUSTOMER");
    String token = scenario.login(email);
    Api.Response changed =
        api.post(
            "/api/v1/auth/password",
            "{\"current_password\":\"correct horse battery\",\"new_password\":\"a brand new long"
                + " password\"}",
            token);
    assertEquals(204, changed.status(), changed::toString);
    List<Notification> sent = emails.to(email, NotificationKind.PASSWORD_CHANGED);
    assertEquals(1, sent.size(), emails.all()::toString);
    assertTrue(sent.getFirst().message().subject().contains("비밀번호 변경"));
    assertEquals(1, audited("EMAIL_QUEUED", sent.getFirst().subjectId()));
  }

  @Test
  void turningTheSecondFactorOffIsEmailed() throws Exception {
    String email = "mfa-" + UUID.randomUUID() + "@example.kr";
    scenario.register(email, "OWNER");
    String token = scenario.login(email);
    Api.Response started = api.post("/api/v1/auth/mfa/totp", null, token);
    byte[] secret = SecondFactorOverHttpTest.base32(started.text("secret"));
    String code =
        dev.ordersync.core.user.Totp.code(
            secret, dev.ordersync.core.user.Totp.step(java.time.Instant.now()));
    Api.Response on =
        api.post("/api/v1/auth/mfa/totp/confirm", "{\"code\":\"" + code + "\"}", token);
    assertEquals(200, on.status(), on::toString);
    Api.Response wrong =
        api.send(
            "DELETE", "/api/v1/auth/mfa/totp", "{\"password\":\"a guess\"}", token, null, null);
    assertEquals(422, wrong.status(), wrong::toString);
    assertEquals("wrong_password", wrong.code());
    Api.Response off =
        api.send(
            "DELETE",
            "/api/v1/auth/mfa/totp",
            "{\"password\":\"correct horse battery\"}",
            token,
            null,
            null);
    assertEquals(204, off.status(), off::toString);
    List<Notification> sent = emails.to(email, NotificationKind.SECOND_FACTOR_DISABLED);
    assertEquals(1, sent.size(), emails.all()::toString);
    assertTrue(sent.getFirst().message().subject().contains("2단계 인증 꺼짐"));
    assertEquals(1, audited("EMAIL_QUEUED", sent.getFirst().subjectId()));
    assertEquals(1, audited("MFA_DISABLED", sent.getFirst().subjectId()));
    Api.Response login =
        api.post(
            "/api/v1/auth/login",
            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
            null);
    assertTrue(login.text("access_token") != null, "the password alone signs in again");
  }

  @Test
  void aNewStaffMemberIsEmailedToTheOwnerMasked() throws Exception {
    Scenario.Owner owner = scenario.anOwnerWithARestaurant("Staff Kitchen");
    Api.Response added =
        api.post(
            "/api/v1/restaurants/me/staff",
            "{\"email\":\"jiwoo.park@example.kr\",\"name\":\"박지우\",\"password\":\"a long staff"
                + " password\"}",
            owner.token());
    assertEquals(201, added.status(), added::toString);
    List<Notification> sent = emails.to(owner.email(), NotificationKind.STAFF_ADDED);
    assertEquals(1, sent.size(), emails.all()::toString);
    String body = sent.getFirst().message().body();
    assertTrue(body.contains("박*우 (ji***@example.kr)"), body);
    assertTrue(body.contains("Staff Kitchen"), body);
    assertTrue(!body.contains("jiwoo.park"), body);
    assertEquals(owner.restaurantId(), sent.getFirst().restaurantId().toString());
    assertEquals(1, audited("EMAIL_QUEUED", sent.getFirst().subjectId()));
  }
}
