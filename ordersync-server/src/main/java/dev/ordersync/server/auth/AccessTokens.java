package dev.ordersync.server.auth;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.jwt.JwkSetConverter;
import com.google.crypto.tink.jwt.JwtPublicKeySign;
import com.google.crypto.tink.jwt.JwtPublicKeyVerify;
import com.google.crypto.tink.jwt.JwtValidator;
import com.google.crypto.tink.jwt.RawJwt;
import com.google.crypto.tink.jwt.VerifiedJwt;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed tokens: access tokens, and the short-lived token that links the two steps of a login with
 * a second factor. JWTs signed with ES256 by Google Tink, which pins the algorithm to the key (a
 * token cannot choose {@code none} or another algorithm), puts the key id in the {@code kid} header
 * so keys can rotate (every key of the keyset verifies, the primary signs), and whose validator
 * requires {@code exp} and checks {@code iss}, {@code aud}, {@code typ}, {@code nbf} with a small
 * clock skew. See docs/decisions/0003-jwt-with-tink.md.
 */
public final class AccessTokens {
  public static final String ISSUER = "ordersync";
  public static final String AUDIENCE = "ordersync-api";
  public static final String MFA_AUDIENCE = "ordersync-mfa";
  public static final Duration MFA_TOKEN_LIFETIME = Duration.ofMinutes(5);
  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  /** The signing keyset and its primitives, swapped whole when the keyset changes. */
  private record Signing(KeysetHandle keys, JwtPublicKeySign signer, JwtPublicKeyVerify verifier) {
    static Signing of(KeysetHandle keys) {
      try {
        return new Signing(
            keys,
            keys.getPrimitive(RegistryConfiguration.get(), JwtPublicKeySign.class),
            keys.getPublicKeysetHandle()
                .getPrimitive(RegistryConfiguration.get(), JwtPublicKeyVerify.class));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("unusable JWT signing keyset", e);
      }
    }
  }

  private volatile Signing signing;
  private final JwtValidator validator;
  private final JwtValidator mfaValidator;
  private final Clock clock;
  private final Duration lifetime;

  /** Access tokens already verified, by their text (see {@link #verify}). */
  private final ConcurrentHashMap<String, Remembered> verified = new ConcurrentHashMap<>();

  /**
   * At most this many tokens are remembered (about 0.7 KB each); beyond it, expired ones go, then
   * all of them.
   */
  static final int REMEMBERED_TOKENS = 20_000;

  private final int rememberedLimit;

  public AccessTokens(ServerKeys keys, Clock clock, Duration lifetime) {
    this(keys, clock, lifetime, REMEMBERED_TOKENS);
  }

  AccessTokens(ServerKeys keys, Clock clock, Duration lifetime, int rememberedLimit) {
    NativeEcdsa.install();
    this.rememberedLimit = rememberedLimit;
    this.signing = Signing.of(keys.signingKeys());
    this.clock = clock;
    this.lifetime = lifetime;
    this.validator = validator(AUDIENCE, "JWT");
    this.mfaValidator = validator(MFA_AUDIENCE, "mfa+jwt");
  }

  private JwtValidator validator(String audience, String type) {
    return JwtValidator.newBuilder()
        .expectIssuer(ISSUER)
        .expectAudience(audience)
        .expectTypeHeader(type)
        .setClock(clock)
        .setClockSkew(CLOCK_SKEW)
        .build();
  }

  /**
   * Signs and verifies with {@code keys} from now on, if they differ from the keys in use: a key
   * rotated or retired by the keys command (decision 40) reaches every instance this way. Tokens
   * remembered as verified are forgotten, so a retired key's tokens stop at once.
   */
  public void useSigningKeys(KeysetHandle keys) {
    if (keys.equalsKeyset(signing.keys())) {
      return;
    }
    signing = Signing.of(keys);
    verified.clear();
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** A verified access token: who it names and when it was issued. */
  public record Verified(Caller.SignedIn caller, Instant issuedAt) {}

  /** An access token for a session. */
  public String issue(
      UUID userId, Role role, UUID restaurantId, UUID sessionId, boolean secondFactor) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    RawJwt.Builder jwt =
        base("JWT", AUDIENCE, userId, now, lifetime)
            .addStringClaim("role", role.name())
            .addStringClaim("sid", sessionId.toString())
            .addStringClaim("amr", secondFactor ? "pwd otp" : "pwd");
    if (restaurantId != null) {
      jwt.addStringClaim("restaurant_id", restaurantId.toString());
    }
    return sign(jwt.build());
  }

  /**
   * The caller a valid token names, or empty for a token that is malformed, forged, expired or not
   * ours.
   *
   * <p>A client sends the same access token with every request for up to its whole lifetime, and
   * checking an ES256 signature is by far the dearest step of an authenticated request (about 0.7
   * ms of CPU with the JDK's P-256, most of the work of {@code GET /auth/me}: docs/benchmarks.md).
   * So a token whose signature and claims were checked is remembered, by its exact text, until it
   * expires: the same text always verifies the same way, only tokens that were signed by our key
   * get in (a forger cannot fill the cache), and every hit still checks the time window again. The
   * session behind the token is still checked on every request (the Authenticator), so logout and
   * revocation stay immediate. A change of the signing keys (useSigningKeys) empties the cache.
   */
  public Optional<Verified> verify(String token) {
    Instant now = clock.instant();
    Remembered known = verified.get(token);
    if (known != null) {
      if (!now.isBefore(known.notBefore()) && now.isBefore(known.expiresAt())) {
        return Optional.of(known.verified());
      }
      verified.remove(token, known);
    }
    try {
      VerifiedJwt jwt = signing.verifier().verifyAndDecode(token, validator);
      UUID user = UUID.fromString(jwt.getSubject());
      Role role = Role.valueOf(jwt.getStringClaim("role"));
      UUID session = UUID.fromString(jwt.getStringClaim("sid"));
      boolean mfa = jwt.getStringClaim("amr").contains("otp");
      UUID restaurant =
          jwt.hasStringClaim("restaurant_id")
              ? UUID.fromString(jwt.getStringClaim("restaurant_id"))
              : null;
      Verified result =
          new Verified(
              new Caller.SignedIn(user, role, restaurant, session, mfa), jwt.getIssuedAt());
      remember(token, new Remembered(result, jwt.getNotBefore(), jwt.getExpiration()), now);
      return Optional.of(result);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A verified token's result and the window in which it holds (without the clock skew: a hit is
   * never laxer).
   */
  private record Remembered(Verified verified, Instant notBefore, Instant expiresAt) {}

  private void remember(String token, Remembered entry, Instant now) {
    if (verified.size() >= rememberedLimit) {
      verified.values().removeIf(r -> !now.isBefore(r.expiresAt()));
      if (verified.size() >= rememberedLimit) {
        // More live tokens than the bound: forget them all rather than grow; they verify again on
        // their next use.
        verified.clear();
      }
    }
    verified.put(token, entry);
  }

  /** How many verified tokens are remembered now (for tests). */
  int rememberedTokens() {
    return verified.size();
  }

  /**
   * The first step of a 2FA login passed: this token (five minutes) lets the client send the code.
   */
  public String issueMfaToken(UUID userId, UUID restaurantId) {
    return issueMfaToken(userId, restaurantId, null);
  }

  /**
   * {@link #issueMfaToken(UUID, UUID)} for the device that passed the password step ({@code
   * deviceId} may be null), so that the login it completes is known to come from that device.
   */
  public String issueMfaToken(UUID userId, UUID restaurantId, String deviceId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    RawJwt.Builder jwt = base("mfa+jwt", MFA_AUDIENCE, userId, now, MFA_TOKEN_LIFETIME);
    if (restaurantId != null) {
      jwt.addStringClaim("restaurant_id", restaurantId.toString());
    }
    if (deviceId != null) {
      jwt.addStringClaim("device", deviceId);
    }
    return sign(jwt.build());
  }

  /**
   * The user and restaurant of a valid second-step token, and the device that passed the password
   * step (or null).
   */
  public record MfaPending(UUID userId, UUID restaurantId, String deviceId) {}

  public Optional<MfaPending> verifyMfaToken(String token) {
    try {
      VerifiedJwt jwt = signing.verifier().verifyAndDecode(token, mfaValidator);
      UUID restaurant =
          jwt.hasStringClaim("restaurant_id")
              ? UUID.fromString(jwt.getStringClaim("restaurant_id"))
              : null;
      String device = jwt.hasStringClaim("device") ? jwt.getStringClaim("device") : null;
      return Optional.of(new MfaPending(UUID.fromString(jwt.getSubject()), restaurant, device));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The public keys as a JSON Web Key Set, for other services that verify our tokens. */
  public String jwks() {
    try {
      return JwkSetConverter.fromPublicKeysetHandle(signing.keys().getPublicKeysetHandle());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot export the public keys", e);
    }
  }

  private RawJwt.Builder base(
      String type, String audience, UUID subject, Instant now, Duration ttl) {
    return RawJwt.newBuilder()
        .setTypeHeader(type)
        .setIssuer(ISSUER)
        .addAudience(audience)
        .setSubject(subject.toString())
        .setJwtId(Ids.newId(clock).toString())
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpiration(now.plus(ttl));
  }

  private String sign(RawJwt jwt) {
    try {
      return signing.signer().signAndEncode(jwt);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign a token", e);
    }
  }
}
