package dev.ordersync.core.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.World;
import dev.ordersync.core.restaurant.AddStaff;
import dev.ordersync.core.restaurant.UpdateRestaurantSettings;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.EmailAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsAndSecondFactorTest {
  private final World world = new World();

  private LogIn.Outcome.SignedIn login(String email) {
    return (LogIn.Outcome.SignedIn)
        world.logIn.handle(new LogIn.Command(email, "correct horse battery", null));
  }

  private static Caller.SignedIn caller(LogIn.Outcome.SignedIn s) {
    return new Caller.SignedIn(
        s.user().id(),
        s.user().role(),
        s.session().restaurantId(),
        s.session().id(),
        s.session().secondFactor());
  }

  private String anAccount() {
    world.aUser(Role.CUSTOMER);
    return world
        .store
        .users()
        .byId(world.aUser(Role.CUSTOMER).userId())
        .orElseThrow()
        .email()
        .value();
  }

  @Test
  void aRefreshTokenWorksOnceAndItsReplayEndsTheWholeSession() {
    LogIn.Outcome.SignedIn signedIn = login(anAccount());
    var first = (RefreshSession.Outcome.Renewed) world.refresh.handle(signedIn.refreshToken());
    var second = (RefreshSession.Outcome.Renewed) world.refresh.handle(first.refreshToken());
    assertEquals(signedIn.session().id(), second.session().id(), "refreshing keeps the session");

    var replay = world.refresh.handle(first.refreshToken());
    assertEquals("refresh_token_reused", ((RefreshSession.Outcome.Refused) replay).code());
    var afterTheft = world.refresh.handle(second.refreshToken());
    assertEquals(
        "invalid_refresh_token",
        ((RefreshSession.Outcome.Refused) afterTheft).code(),
        "the thief's replay also ended the legitimate holder's token");
    assertFalse(
        world
            .store
            .sessions()
            .active(
                signedIn.session().id(),
                signedIn.user().id(),
                world.clock.instant(),
                world.clock.instant()));
    assertTrue(
        world.store.securityEventLog().contains("refresh_token_reused:" + signedIn.user().id()));
  }

  @Test
  void aSessionLastsFourteenDaysFromLoginHoweverOftenItIsRefreshed() {
    LogIn.Outcome.SignedIn signedIn = login(anAccount());
    String token = signedIn.refreshToken();
    for (int day = 0; day < 13; day++) {
      world.clock.advance(Duration.ofDays(1));
      token = ((RefreshSession.Outcome.Renewed) world.refresh.handle(token)).refreshToken();
    }
    world.clock.advance(Duration.ofDays(1));
    assertInstanceOf(RefreshSession.Outcome.Refused.class, world.refresh.handle(token));
  }

  @Test
  void loginsAndRefreshesLeaveSecurityEventsAndAFailureIsKeptThoughTheLoginIsRefused() {
    String email = anAccount();
    LogIn.Outcome.SignedIn signedIn = login(email);
    world.refresh.handle(signedIn.refreshToken());
    assertThrows(
        DomainException.Unauthenticated.class,
        () -> world.logIn.handle(new LogIn.Command(email, "wrong wrong wrong", null)));
    String user = signedIn.user().id().toString();
    List<String> log = world.store.securityEventLog();
    assertTrue(log.contains("login_succeeded:" + user));
    assertTrue(log.contains("token_refreshed:" + user));
    assertTrue(log.contains("login_failed:" + user));
  }

  @Test
  void garbageAndUnknownTokensAreRefused() {
    assertInstanceOf(RefreshSession.Outcome.Refused.class, world.refresh.handle(null));
    assertInstanceOf(RefreshSession.Outcome.Refused.class, world.refresh.handle("rt_nothing"));
    assertInstanceOf(RefreshSession.Outcome.Refused.class, world.refresh.handle("x".repeat(500)));
  }

  @Test
  void loggingOutEndsTheSession() {
    LogIn.Outcome.SignedIn signedIn = login(anAccount());
    world.logOut.handle(caller(signedIn));
    assertInstanceOf(
        RefreshSession.Outcome.Refused.class, world.refresh.handle(signedIn.refreshToken()));
  }

  @Test
  void changingThePasswordEndsEverySessionAndNeedsTheCurrentOne() {
    String email = anAccount();
    LogIn.Outcome.SignedIn phone = login(email);
    LogIn.Outcome.SignedIn laptop = login(email);
    var wrong =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                world.changePassword.handle(
                    caller(phone),
                    new ChangePassword.Command("not it at all", "a new long password")));
    assertEquals("wrong_password", wrong.code());
    assertThrows(
        DomainException.Invalid.class,
        () ->
            world.changePassword.handle(
                caller(phone), new ChangePassword.Command("correct horse battery", "password1234")),
        "a common password is refused");
    world.clock.advance(Duration.ofSeconds(1));
    world.changePassword.handle(
        caller(phone), new ChangePassword.Command("correct horse battery", "a new long password"));
    for (LogIn.Outcome.SignedIn s : List.of(phone, laptop)) {
      assertInstanceOf(
          RefreshSession.Outcome.Refused.class, world.refresh.handle(s.refreshToken()));
      assertFalse(
          world
              .store
              .sessions()
              .active(
                  s.session().id(), s.user().id(), s.session().createdAt(), world.clock.instant()));
    }
    assertThrows(
        DomainException.Unauthenticated.class,
        () -> world.logIn.handle(new LogIn.Command(email, "correct horse battery", null)));
    world.logIn.handle(new LogIn.Command(email, "a new long password", null));
  }

  @Test
  void withTwoFactorOnALoginNeedsACodeThatWorksOnceOrARecoveryCode() {
    String email = anAccount();
    LogIn.Outcome.SignedIn before = login(email);
    EnrollSecondFactor.Enrollment enrollment = world.enroll.handle(caller(before));
    assertTrue(enrollment.uri().startsWith("otpauth://totp/OrderSync:"));
    byte[] secret = decodeBase32(enrollment.secret());
    assertEquals(20, secret.length, "a 160-bit secret");

    assertThrows(
        DomainException.RuleViolated.class, () -> world.confirm.handle(caller(before), "000000"));
    List<String> recovery =
        world.confirm.handle(caller(before), Totp.code(secret, Totp.step(world.clock.instant())));
    assertEquals(10, recovery.size());

    var step1 = world.logIn.handle(new LogIn.Command(email, "correct horse battery", null));
    var pending = assertInstanceOf(LogIn.Outcome.SecondFactorRequired.class, step1);
    world.clock.advance(Duration.ofSeconds(30));
    String code = Totp.code(secret, Totp.step(world.clock.instant()));
    var done =
        world.secondFactor.handle(
            new CompleteSecondFactor.Command(pending.user().id(), null, code));
    assertTrue(done.session().secondFactor());
    assertThrows(
        DomainException.Unauthenticated.class,
        () ->
            world.secondFactor.handle(
                new CompleteSecondFactor.Command(pending.user().id(), null, code)),
        "the same code is good once");

    String rc = recovery.get(3);
    world.secondFactor.handle(
        new CompleteSecondFactor.Command(pending.user().id(), null, rc.toLowerCase()));
    assertThrows(
        DomainException.Unauthenticated.class,
        () ->
            world.secondFactor.handle(
                new CompleteSecondFactor.Command(pending.user().id(), null, rc)));
    assertEquals(9, world.store.users().recoveryCodesLeft(pending.user().id()));
    assertThrows(DomainException.Conflict.class, () -> world.enroll.handle(caller(before)));
  }

  @Test
  void anOwnerCanRequireTwoFactorForStaff() {
    Caller.SignedIn owner = world.anOwnerWithARestaurant();
    var staff =
        world.addStaff.handle(
            owner,
            new AddStaff.Command(
                new EmailAddress("cook@example.kr"), "Cook", "correct horse battery"));
    assertEquals(Role.STAFF, staff.role());
    Caller.SignedIn cook = caller(login("cook@example.kr"));
    assertEquals(owner.restaurantId(), cook.restaurantId());
    assertEquals(
        0,
        world
            .listOrders
            .handle(
                cook,
                new dev.ordersync.core.order.ListRestaurantOrders.Query(
                    null, null, null, null, null))
            .items()
            .size());

    world.updateSettings.handle(
        owner, new UpdateRestaurantSettings.Command(null, null, null, null, null, true, null));
    var refused =
        assertThrows(
            DomainException.Forbidden.class,
            () ->
                world.listOrders.handle(
                    cook,
                    new dev.ordersync.core.order.ListRestaurantOrders.Query(
                        null, null, null, null, null)));
    assertEquals("mfa_required", refused.code());
    assertEquals(
        0,
        world
            .listOrders
            .handle(
                owner,
                new dev.ordersync.core.order.ListRestaurantOrders.Query(
                    null, null, null, null, null))
            .items()
            .size(),
        "the owner is not staff: the rule is for staff");
  }

  @Test
  void registrationCannotMakeStaffOrAdminsAndOwnersCannotMakeCustomersStaff() {
    assertThrows(
        DomainException.Invalid.class,
        () ->
            world.registerUser.handle(
                RegisterUser.Command.from(
                    "a@example.kr", "correct horse battery", "A", null, "ADMIN")));
    assertThrows(
        DomainException.Invalid.class,
        () ->
            world.registerUser.handle(
                RegisterUser.Command.from(
                    "s@example.kr", "correct horse battery", "S", null, "STAFF")));
    Caller.SignedIn owner = world.anOwnerWithARestaurant();
    String customer = anAccount();
    var e =
        assertThrows(
            DomainException.RuleViolated.class,
            () ->
                world.addStaff.handle(
                    owner, new AddStaff.Command(new EmailAddress(customer), null, null)));
    assertEquals("not_a_staff_account", e.code());
  }

  private static byte[] decodeBase32(String s) {
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
