package dev.ordersync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordersync.core.user.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a scripted attacker tries against access tokens, and key rotation. */
class AccessTokensTest {
  @TempDir Path folder;
  private final Instant now = Instant.parse("2026-11-24T06:00:00Z");
  private final UUID user = UUID.randomUUID();
  private final UUID session = UUID.randomUUID();

  private AccessTokens tokens(Path keys, Instant at) {
    return new AccessTokens(
        ServerKeys.load(keys, null, null), Clock.fixed(at, ZoneOffset.UTC), Duration.ofMinutes(15));
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes());
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part));
  }

  @Test
  void aGoodTokenVerifiesWithEveryClaim() throws Exception {
    AccessTokens t = tokens(folder, now);
    String token = t.issue(user, Role.OWNER, null, session, true);
    var verified = t.verify(token).orElseThrow();
    assertEquals(user, verified.caller().userId());
    assertEquals(session, verified.caller().sessionId());
    assertTrue(verified.caller().secondFactor());
    var header = new ObjectMapper().readTree(decode(token.split("\\.")[0]));
    assertEquals("ES256", header.path("alg").asText());
    assertTrue(header.has("kid"));
    var claims = new ObjectMapper().readTree(decode(token.split("\\.")[1]));
    for (String claim :
        new String[] {"iss", "aud", "sub", "iat", "nbf", "exp", "jti", "sid", "role", "amr"}) {
      assertTrue(claims.has(claim), claim);
    }
    assertEquals(900, claims.path("exp").asLong() - claims.path("iat").asLong());
  }

  @Test
  void expiredAndNotYetValidTokensAreRefusedBeyondTheSkew() {
    String token = tokens(folder, now).issue(user, Role.CUSTOMER, null, session, false);
    assertTrue(
        tokens(folder, now.plus(Duration.ofMinutes(15)).plusSeconds(20)).verify(token).isPresent(),
        "within skew");
    assertTrue(
        tokens(folder, now.plus(Duration.ofMinutes(15)).plusSeconds(31)).verify(token).isEmpty(),
        "expired");
    assertTrue(
        tokens(folder, now.minusSeconds(31)).verify(token).isEmpty(), "not valid before nbf");
  }

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    private volatile Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aRememberedTokenStillExpiresAndNothingButItsExactTextHits() {
    MovingClock clock = new MovingClock(now);
    AccessTokens t =
        new AccessTokens(ServerKeys.load(folder, null, null), clock, Duration.ofMinutes(15));
    String token = t.issue(user, Role.STAFF, UUID.randomUUID(), session, false);
    assertTrue(t.verify(token).isPresent());
    assertEquals(1, t.rememberedTokens());
    assertTrue(t.verify(token).isPresent(), "a hit");
    // Inside the signature (the last character of base64url text carries padding bits, so it could
    // decode the same).
    int at = token.length() - 10;
    String altered =
        token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
    assertTrue(t.verify(altered).isEmpty(), "one character off is verified afresh, and fails");
    assertTrue(t.verify(token + " ").isEmpty());
    assertEquals(1, t.rememberedTokens(), "refused tokens are not remembered");

    clock.now = now.plus(Duration.ofMinutes(15)).plusSeconds(31);
    assertTrue(t.verify(token).isEmpty(), "expired, although remembered");
    assertEquals(0, t.rememberedTokens());
  }

  @Test
  void theRememberedTokensAreBounded() {
    MovingClock clock = new MovingClock(now);
    AccessTokens t =
        new AccessTokens(ServerKeys.load(folder, null, null), clock, Duration.ofMinutes(15), 50);
    java.util.List<String> early = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      early.add(t.issue(UUID.randomUUID(), Role.CUSTOMER, null, UUID.randomUUID(), false));
      assertTrue(t.verify(early.get(i)).isPresent());
    }
    clock.now = now.plus(Duration.ofMinutes(16));
    java.util.List<String> later = new java.util.ArrayList<>();
    for (int i = 0; i < 25; i++) {
      later.add(t.issue(UUID.randomUUID(), Role.CUSTOMER, null, UUID.randomUUID(), false));
      assertTrue(t.verify(later.get(i)).isPresent());
    }
    assertEquals(
        25,
        t.rememberedTokens(),
        "at the bound the 30 expired tokens went and the live ones stayed");
    for (String e : early) {
      assertTrue(t.verify(e).isEmpty(), "expired tokens never come back from memory");
    }
    for (int i = 0; i < 30; i++) {
      assertTrue(
          t.verify(t.issue(UUID.randomUUID(), Role.CUSTOMER, null, UUID.randomUUID(), false))
              .isPresent());
    }
    assertTrue(
        t.rememberedTokens() < 50,
        "more live tokens than the bound: memory starts over, " + t.rememberedTokens());
    for (String l : later) {
      assertTrue(t.verify(l).isPresent(), "and forgotten tokens still verify, afresh");
    }
  }

  @Test
  void tamperedAlgNoneAndForeignKeyTokensAreRefused() throws Exception {
    AccessTokens t = tokens(folder, now);
    String[] parts = t.issue(user, Role.CUSTOMER, null, session, false).split("\\.");
    String tampered =
        parts[0] + "." + b64(decode(parts[1]).replace("CUSTOMER", "ADMIN")) + "." + parts[2];
    assertTrue(t.verify(tampered).isEmpty());
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    assertTrue(t.verify(none).isEmpty());
    String hs256 = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2];
    assertTrue(t.verify(hs256).isEmpty(), "no algorithm switching");
    Path other = Files.createDirectory(folder.resolve("other"));
    String foreign = tokens(other, now).issue(user, Role.ADMIN, null, session, false);
    assertTrue(t.verify(foreign).isEmpty(), "signed by a key that is not ours");
    assertTrue(t.verify("not.a.jwt").isEmpty());
    assertTrue(t.verify("").isEmpty());
  }

  @Test
  void theSecondFactorStepTokenIsNoAccessTokenAndViceVersa() {
    AccessTokens t = tokens(folder, now);
    String mfa = t.issueMfaToken(user, null);
    assertTrue(t.verify(mfa).isEmpty());
    assertEquals(user, t.verifyMfaToken(mfa).orElseThrow().userId());
    assertTrue(t.verifyMfaToken(t.issue(user, Role.CUSTOMER, null, session, false)).isEmpty());
    assertTrue(
        tokens(folder, now.plus(Duration.ofMinutes(6))).verifyMfaToken(mfa).isEmpty(),
        "five minutes only");
  }

  @Test
  void afterRotationOldTokensStillVerifyAndNewOnesUseTheNewKey() throws Exception {
    String before = tokens(folder, now).issue(user, Role.CUSTOMER, null, session, false);
    ServerKeys.rotateSigningKey(folder);
    AccessTokens rotated = tokens(folder, now);
    assertTrue(
        rotated.verify(before).isPresent(),
        "signed by the previous key, still valid until it expires");
    String after = rotated.issue(user, Role.CUSTOMER, null, session, false);
    String kidBefore =
        new ObjectMapper().readTree(decode(before.split("\\.")[0])).path("kid").asText();
    String kidAfter =
        new ObjectMapper().readTree(decode(after.split("\\.")[0])).path("kid").asText();
    assertNotEquals(kidBefore, kidAfter);
    assertEquals(2, new ObjectMapper().readTree(rotated.jwks()).path("keys").size());
    assertEquals(1, ServerKeys.retireOldSigningKeys(folder));
    assertTrue(tokens(folder, now).verify(before).isEmpty(), "a retired key verifies nothing");
    assertTrue(tokens(folder, now).verify(after).isPresent());
  }

  /**
   * A running server takes the signing keys another process changed in the database (decision 40):
   * the new primary signs, old tokens verify until retired, and a retired key's token stops at once
   * even though it had been verified (and remembered) before.
   */
  @Test
  void aRunningServerTakesRotatedAndRetiredSigningKeys() throws Exception {
    ServerKeys keys = ServerKeys.load(folder, null, null);
    AccessTokens running =
        new AccessTokens(keys, Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(15));
    String before = running.issue(user, Role.CUSTOMER, null, session, false);
    assertTrue(running.verify(before).isPresent());
    var rotated = ServerKeys.withNewSigningKey(keys.signingKeys());
    running.useSigningKeys(rotated);
    assertTrue(running.verify(before).isPresent(), "the previous key still verifies");
    String after = running.issue(user, Role.CUSTOMER, null, session, false);
    assertNotEquals(kid(before), kid(after), "the new primary signs");
    running.useSigningKeys(ServerKeys.withoutOldSigningKeys(rotated));
    assertTrue(
        running.verify(before).isEmpty(), "a retired key verifies nothing, remembered or not");
    assertTrue(running.verify(after).isPresent());
  }

  private static String kid(String token) throws Exception {
    return new ObjectMapper().readTree(decode(token.split("\\.")[0])).path("kid").asText();
  }

  @Test
  void keyFilesAreReadableByTheOwnerOnly() throws Exception {
    tokens(folder, now);
    var perms = Files.getPosixFilePermissions(folder.resolve(ServerKeys.SIGNING_FILE));
    assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"), perms);
  }
}
