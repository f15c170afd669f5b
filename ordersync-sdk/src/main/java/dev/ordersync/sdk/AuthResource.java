package dev.ordersync.sdk;

import dev.ordersync.sdk.ApiRequestor.Keying;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Accounts and sessions: {@code /api/v1/auth}. Get it from {@link OrderSyncClient#auth()}. */
public final class AuthResource {
  private final ApiRequestor api;

  AuthResource(ApiRequestor api) {
    this.api = api;
  }

  /**
   * Creates an account: {@code POST /auth/register}. The server never says whether an email is
   * already registered: a taken email is answered exactly like a new account (the owner of the
   * address is told instead), so the returned user's id is only known to name an account once
   * {@link #login(String, String)} with the same email and password succeeds. Too many
   * registrations from one address or for one email are refused with a {@link RateLimitException}
   * (429).
   */
  public User register(RegisterRequest request) {
    return register(request, null);
  }

  public User register(RegisterRequest request, RequestOptions options) {
    Objects.requireNonNull(request, "request");
    return api.post("/auth/register", request, User.class, options, Keying.AS_GIVEN);
  }

  /**
   * Logs in: {@code POST /auth/login}. A member of exactly one restaurant gets a token acting for
   * it; otherwise the token acts for no restaurant.
   */
  public Tokens login(String email, String password) {
    return login(email, password, null, null);
  }

  /** Logs in to act for {@code restaurantId}, as its owner or staff. */
  public Tokens login(String email, String password, UUID restaurantId) {
    return login(email, password, restaurantId, null);
  }

  /**
   * @param restaurantId may be null
   */
  public Tokens login(String email, String password, UUID restaurantId, RequestOptions options) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(password, "password");
    return api.post(
        "/auth/login",
        new LoginBody(email, password, restaurantId),
        Tokens.class,
        options,
        Keying.AS_GIVEN);
  }

  /** The signed-in user and their memberships: {@code GET /auth/me}. */
  public Profile me() {
    return me(null);
  }

  public Profile me(RequestOptions options) {
    return api.get("/auth/me", Map.of(), Profile.class, options);
  }

  record LoginBody(String email, String password, UUID restaurantId) {
    @Override
    public String toString() {
      return "LoginBody[email="
          + email
          + ", password=<redacted>, restaurantId="
          + restaurantId
          + "]";
    }
  }
}
