package dev.ordersync.server.auth;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.jwt.JwtPublicKeySign;
import com.google.crypto.tink.jwt.JwtPublicKeyVerify;
import com.google.crypto.tink.jwt.JwtValidator;
import com.google.crypto.tink.jwt.RawJwt;
import com.google.crypto.tink.jwt.VerifiedJwt;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.Role;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed access tokens: JWTs signed with ES256 by Google Tink. Tink pins the algorithm to the key (a token cannot
 * choose {@code none} or another algorithm), puts the key id in the {@code kid} header so keys can rotate, and its
 * validator requires {@code exp} and checks {@code iss} and {@code aud}. See docs/decisions/0003-jwt-with-tink.md.
 */
public final class AccessTokens {
  public static final String ISSUER = "ordersync";
  public static final String AUDIENCE = "ordersync-api";
  private final JwtPublicKeySign signer;
  private final JwtPublicKeyVerify verifier;
  private final JwtValidator validator;
  private final Clock clock;
  private final Duration lifetime;

  public AccessTokens(ServerKeys keys, Clock clock, Duration lifetime) {
    try {
      KeysetHandle handle = keys.signingKeys();
      this.signer = handle.getPrimitive(RegistryConfiguration.get(), JwtPublicKeySign.class);
      this.verifier = handle.getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(), JwtPublicKeyVerify.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("unusable JWT signing keyset", e);
    }
    this.clock = clock;
    this.lifetime = lifetime;
    this.validator =
        JwtValidator.newBuilder()
            .expectIssuer(ISSUER)
            .expectAudience(AUDIENCE)
            .expectTypeHeader("JWT")
            .setClock(clock)
            .setClockSkew(Duration.ofSeconds(30))
            .build();
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** A token for the user, acting for {@code restaurantId} (may be null). */
  public String issue(UUID userId, Role role, UUID restaurantId) {
    Instant now = clock.instant();
    RawJwt.Builder jwt =
        RawJwt.newBuilder()
            .setTypeHeader("JWT")
            .setIssuer(ISSUER)
            .addAudience(AUDIENCE)
            .setSubject(userId.toString())
            .setJwtId(Ids.newId(clock).toString())
            .setIssuedAt(now)
            .setNotBefore(now)
            .setExpiration(now.plus(lifetime))
            .addStringClaim("role", role.name());
    if (restaurantId != null) {
      jwt.addStringClaim("restaurant_id", restaurantId.toString());
    }
    try {
      return signer.signAndEncode(jwt.build());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign an access token", e);
    }
  }

  /** The caller a valid token names, or empty for a token that is malformed, forged, expired or not ours. */
  public Optional<Caller.SignedIn> verify(String token) {
    try {
      VerifiedJwt jwt = verifier.verifyAndDecode(token, validator);
      UUID user = UUID.fromString(jwt.getSubject());
      Role role = Role.valueOf(jwt.getStringClaim("role"));
      UUID restaurant = jwt.hasStringClaim("restaurant_id") ? UUID.fromString(jwt.getStringClaim("restaurant_id")) : null;
      return Optional.of(new Caller.SignedIn(user, role, restaurant));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

}
