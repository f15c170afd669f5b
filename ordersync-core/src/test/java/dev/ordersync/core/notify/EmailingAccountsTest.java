package dev.ordersync.core.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.World;
import dev.ordersync.core.restaurant.AddStaff;
import dev.ordersync.core.shared.EmailAddress;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.ChangePassword;
import dev.ordersync.core.user.CompleteSecondFactor;
import dev.ordersync.core.user.LogIn;
import dev.ordersync.core.user.LoginPlace;
import dev.ordersync.core.user.Role;
import dev.ordersync.core.user.Totp;
import dev.ordersync.core.user.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The emails about an account's security and a restaurant's staff: when they are queued, to whom,
 * what they say, and the security event (audited by the server) that says they were queued.
 */
class EmailingAccountsTest {
  private static final String CHROME_ON_WINDOWS =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Safari/537.36";
  private static final String SAFARI_ON_IPHONE =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
  private static final String PASSWORD = "correct horse battery";

  private final World world = new World();
  private final Caller.SignedIn owner = world.anOwnerWithARestaurant();
  private final User ownerUser = world.store.users().byId(owner.userId()).orElseThrow();

  private List<Notification> emails() {
    return world.store.notifications().queued();
  }

  private LogIn.Outcome logIn(LoginPlace place) {
    return world.logIn.handle(new LogIn.Command(ownerUser.email().value(), PASSWORD, null, place));
  }

  @Test
  void aLoginFromANewDeviceAndAddressIsEmailedButNotTheFirstLoginNorAFamiliarOne() {
    logIn(new LoginPlace("device-1", "203.0.113.7", CHROME_ON_WINDOWS));
    assertTrue(emails().isEmpty(), "the first login has nothing to compare with");
    logIn(new LoginPlace("device-1", "198.51.100.20", CHROME_ON_WINDOWS));
    assertTrue(emails().isEmpty(), "a known device from another network");
    logIn(new LoginPlace("device-2", "203.0.113.7", SAFARI_ON_IPHONE));
    assertTrue(emails().isEmpty(), "a new browser at a known address");

    var signedIn =
        (LogIn.Outcome.SignedIn) logIn(new LoginPlace("device-3", "192.0.2.99", SAFARI_ON_IPHONE));

    assertEquals(1, emails().size(), emails().toString());
    Notification n = emails().getFirst();
    assertEquals(NotificationKind.NEW_DEVICE_LOGIN, n.kind());
    assertEquals(Channel.EMAIL, n.message().channel());
    assertEquals(ownerUser.email().value(), n.message().to());
    assertEquals(owner.userId(), n.subjectId());
    assertEquals("login:" + signedIn.session().id(), n.sourceId());
    String body = n.message().body();
    // 03:00 UTC is noon in Seoul.
    assertTrue(body.contains("2026-11-24 12:00"), body);
    assertTrue(body.contains("Safari (iOS)"), body);
    assertTrue(body.contains("192.0.2.99"), body);
    assertTrue(body.contains("비밀번호를 바꾸세요"), "what to do if it was not them: " + body);
    assertTrue(body.contains("If it was not you"), "an English line: " + body);
    assertTrue(n.message().subject().contains("새 기기에서 로그인"), n.message().subject());
    assertTrue(
        world.store.securityEventLog().contains("email_queued:" + owner.userId()),
        world.store.securityEventLog().toString());
  }

  @Test
  void aLoginCompletedWithASecondFactorIsCheckedToo() {
    logIn(new LoginPlace("device-1", "203.0.113.7", CHROME_ON_WINDOWS));
    var first = (LogIn.Outcome.SignedIn) logIn(new LoginPlace("device-1", "203.0.113.7", null));
    Caller.SignedIn me =
        new Caller.SignedIn(
            owner.userId(), Role.OWNER, owner.restaurantId(), first.session().id(), false);
    byte[] secret = base32(world.enroll.handle(me).secret());
    List<String> recovery =
        world.confirm.handle(me, Totp.code(secret, Totp.step(world.clock.instant())));

    var pending =
        assertInstanceOf(
            LogIn.Outcome.SecondFactorRequired.class,
            logIn(new LoginPlace("device-9", "192.0.2.99", CHROME_ON_WINDOWS)));
    assertTrue(emails().isEmpty(), "the password step alone opens no session and sends nothing");
    world.clock.advance(Duration.ofSeconds(30));
    world.secondFactor.handle(
        new CompleteSecondFactor.Command(
            pending.user().id(),
            null,
            recovery.getFirst(),
            new LoginPlace("device-9", "192.0.2.99", CHROME_ON_WINDOWS)));

    assertEquals(
        List.of(NotificationKind.NEW_DEVICE_LOGIN),
        emails().stream().map(Notification::kind).toList());
    assertTrue(emails().getFirst().message().body().contains("Chrome (Windows)"));
  }

  @Test
  void turningTheSecondFactorOffNeedsThePasswordAndIsEmailed() {
    var first = (LogIn.Outcome.SignedIn) logIn(LoginPlace.UNKNOWN);
    Caller.SignedIn me =
        new Caller.SignedIn(
            owner.userId(), Role.OWNER, owner.restaurantId(), first.session().id(), false);
    assertEquals(false, world.disableSecondFactor.handle(me, PASSWORD), "it was not on");
    byte[] secret = base32(world.enroll.handle(me).secret());
    world.confirm.handle(me, Totp.code(secret, Totp.step(world.clock.instant())));
    assertEquals(
        "wrong_password",
        org.junit.jupiter.api.Assertions.assertThrows(
                dev.ordersync.core.shared.DomainException.RuleViolated.class,
                () -> world.disableSecondFactor.handle(me, "a guess"))
            .code());
    assertTrue(emails().isEmpty());

    assertEquals(true, world.disableSecondFactor.handle(me, PASSWORD));
    assertEquals(
        List.of(NotificationKind.SECOND_FACTOR_DISABLED),
        emails().stream().map(Notification::kind).toList());
    assertTrue(emails().getFirst().message().body().contains("2단계 인증이 꺼졌습니다"));
    assertTrue(world.store.users().secondFactor(owner.userId()).isEmpty(), "the secret is gone");
    assertInstanceOf(LogIn.Outcome.SignedIn.class, logIn(LoginPlace.UNKNOWN), "password alone");
  }

  @Test
  void aNewPasswordIsEmailed() {
    world.changePassword.handle(owner, new ChangePassword.Command(PASSWORD, "a new long password"));
    assertEquals(1, emails().size());
    Notification n = emails().getFirst();
    assertEquals(NotificationKind.PASSWORD_CHANGED, n.kind());
    assertEquals(owner.userId(), n.subjectId());
    assertTrue(n.message().body().contains("비밀번호가 바뀌었고"), n.message().body());
    assertTrue(n.message().subject().contains("Your password was changed"));
  }

  @Test
  void aNewStaffMemberIsEmailedToTheOwnersMasked() {
    world.addStaff.handle(
        owner, AddStaff.Command.from("minsu.kim@example.kr", "김민수", "a long staff password"));
    assertEquals(1, emails().size(), emails().toString());
    Notification n = emails().getFirst();
    assertEquals(NotificationKind.STAFF_ADDED, n.kind());
    assertEquals(ownerUser.email().value(), n.message().to());
    assertEquals(owner.restaurantId(), n.restaurantId());
    String body = n.message().body();
    assertTrue(body.contains("김*수 (mi***@example.kr)"), body);
    assertTrue(!body.contains("minsu.kim") && !body.contains("김민수"), "masked: " + body);
    assertTrue(body.contains("Seoul Kitchen"), body);

    world.addStaff.handle(
        owner, new AddStaff.Command(new EmailAddress("minsu.kim@example.kr"), null, null));
    assertEquals(1, emails().size(), "adding someone who is already staff is no news");
  }

  @Test
  void masking() {
    assertEquals("mi***@example.kr", AccountEmails.masked("minsu@example.kr"));
    assertEquals("a***@example.kr", AccountEmails.masked("ab@example.kr"));
    assertEquals("a***@example.kr", AccountEmails.masked("a@example.kr"));
    assertEquals("김*", AccountEmails.maskedName("김민"));
    assertEquals("J******e", AccountEmails.maskedName("Jane Doe"));
  }

  private static byte[] base32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
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
}
