package dev.ordersync.sdk;

import dev.ordersync.sdk.ApiRequestor.Keying;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Accounts and sessions: {@code /api/v1/auth}. Get it from {@link OrderSyncClient#auth()}. */
public final class AuthResource {
  private final ApiRequestor api;

  /**
   * Sends no access token: registering, logging in and refreshing need none, and an expired one
   * would get them refused ({@code invalid_token}).
   */
  private final ApiRequestor anonymous;

  AuthResource(ApiRequestor api) {
    this.api = api;
    this.anonymous = api.withTokens(null);
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
    return anonymous.post("/auth/register", request, User.class, options, Keying.AS_GIVEN);
  }

  /**
   * Logs in: {@code POST /auth/login}. A member of exactly one restaurant gets a token acting for
   * it; otherwise the token acts for no restaurant. An account with a second factor gets {@link
   * LoginResult.SecondFactorRequired}: finish with {@link #completeLogin(String, String)}.
   */
  public LoginResult login(String email, String password) {
    return login(email, password, null, null);
  }

  /** Logs in to act for {@code restaurantId}, as its owner or staff. */
  public LoginResult login(String email, String password, UUID restaurantId) {
    return login(email, password, restaurantId, null);
  }

  /**
   * @param restaurantId may be null
   */
  public LoginResult login(
      String email, String password, UUID restaurantId, RequestOptions options) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(password, "password");
    LoginAnswer answer =
        anonymous.post(
            "/auth/login",
            new LoginBody(email, password, restaurantId),
            LoginAnswer.class,
            options,
            Keying.AS_GIVEN);
    if (Boolean.TRUE.equals(answer.mfaRequired())) {
      return new LoginResult.SecondFactorRequired(
          answer.mfaToken(), answer.expiresIn() == null ? 0 : answer.expiresIn());
    }
    if (answer.accessToken() == null) {
      throw new ApiException(
          Problem.of(200, null, "the login answer has neither tokens nor a second-factor step"));
    }
    return new LoginResult.Authenticated(
        new Tokens(
            answer.accessToken(),
            answer.tokenType(),
            answer.expiresIn() == null ? 0 : answer.expiresIn(),
            answer.restaurantId(),
            answer.refreshToken()));
  }

  /**
   * The second step of a login: {@code POST /auth/login/mfa} with the {@code mfaToken} of {@link
   * LoginResult.SecondFactorRequired} and the app's 6 digits or a recovery code. A wrong code is an
   * {@link AuthenticationException} ({@code invalid_code}).
   */
  public Tokens completeLogin(String mfaToken, String code) {
    return completeLogin(mfaToken, code, null);
  }

  public Tokens completeLogin(String mfaToken, String code, RequestOptions options) {
    Objects.requireNonNull(mfaToken, "mfaToken");
    Objects.requireNonNull(code, "code");
    return anonymous.post(
        "/auth/login/mfa", new MfaBody(mfaToken, code), Tokens.class, options, Keying.AS_GIVEN);
  }

  /**
   * A new pair of tokens for a refresh token: {@code POST /auth/refresh}. The old refresh token is
   * spent; presenting it again ends the session ({@code refresh_token_reused}). A {@link Session}
   * does this for you.
   */
  public Tokens refresh(String refreshToken) {
    return refresh(refreshToken, null);
  }

  public Tokens refresh(String refreshToken, RequestOptions options) {
    Objects.requireNonNull(refreshToken, "refreshToken");
    return anonymous.post(
        "/auth/refresh", new RefreshBody(refreshToken), Tokens.class, options, Keying.AS_GIVEN);
  }

  /**
   * A {@link Session} that starts with {@code tokens} and refreshes them through this client's
   * server; give it to {@link OrderSyncClient#withTokenProvider(TokenProvider)}.
   */
  public Session session(Tokens tokens) {
    return new Session(this, tokens, null);
  }

  /** Ends the session of the client's token: {@code POST /auth/logout} (204). */
  public void logout() {
    logout(null);
  }

  public void logout(RequestOptions options) {
    api.post("/auth/logout", null, options);
  }

  /** The signed-in user and their memberships: {@code GET /auth/me}. */
  public Profile me() {
    return me(null);
  }

  public Profile me(RequestOptions options) {
    return api.get("/auth/me", Map.of(), Profile.class, options);
  }

  /** Everything the server holds about the signed-in user: {@code GET /auth/me/export}. */
  public AccountExport exportMyData() {
    return exportMyData(null);
  }

  public AccountExport exportMyData(RequestOptions options) {
    return api.get("/auth/me/export", Map.of(), AccountExport.class, options);
  }

  /**
   * Erases the signed-in user's account: {@code DELETE /auth/me} (204). The only owner of a
   * restaurant cannot ({@link ConflictException} {@code sole_owner}).
   */
  public void eraseMyAccount() {
    eraseMyAccount(null);
  }

  public void eraseMyAccount(RequestOptions options) {
    api.delete("/auth/me", options);
  }

  /**
   * Changes the password: {@code POST /auth/password} (204); every session ends, this one too. A
   * wrong current password is a {@link BusinessRuleException} ({@code wrong_password}).
   */
  public void changePassword(String currentPassword, String newPassword) {
    changePassword(currentPassword, newPassword, null);
  }

  public void changePassword(String currentPassword, String newPassword, RequestOptions options) {
    api.post(
        "/auth/password",
        new PasswordBody(
            Objects.requireNonNull(currentPassword, "currentPassword"),
            Objects.requireNonNull(newPassword, "newPassword")),
        options);
  }

  /** Starts turning on a second factor: {@code POST /auth/mfa/totp}. */
  public TotpEnrollment enrollTotp() {
    return enrollTotp(null);
  }

  public TotpEnrollment enrollTotp(RequestOptions options) {
    return api.post("/auth/mfa/totp", null, TotpEnrollment.class, options, Keying.AS_GIVEN);
  }

  /**
   * Turns the second factor on with the app's first code: {@code POST /auth/mfa/totp/confirm}.
   * Returns the 10 recovery codes, shown only this once.
   */
  public List<String> confirmTotp(String code) {
    return confirmTotp(code, null);
  }

  public List<String> confirmTotp(String code, RequestOptions options) {
    return api.post(
            "/auth/mfa/totp/confirm",
            new CodeBody(Objects.requireNonNull(code, "code")),
            RecoveryCodes.class,
            options,
            Keying.AS_GIVEN)
        .recoveryCodes();
  }

  /**
   * Turns the second factor off with the account's password: {@code DELETE /auth/mfa/totp} (204);
   * the secret and recovery codes are deleted. A wrong password is a {@link BusinessRuleException}
   * ({@code wrong_password}); off when it was off is no change.
   */
  public void disableTotp(String password) {
    disableTotp(password, null);
  }

  public void disableTotp(String password, RequestOptions options) {
    api.delete(
        "/auth/mfa/totp", new DisableBody(Objects.requireNonNull(password, "password")), options);
  }

  record RecoveryCodes(List<String> recoveryCodes) {
    RecoveryCodes {
      recoveryCodes = recoveryCodes == null ? List.of() : List.copyOf(recoveryCodes);
    }
  }

  record LoginAnswer(
      String accessToken,
      String refreshToken,
      String tokenType,
      Long expiresIn,
      UUID restaurantId,
      Boolean mfaRequired,
      String mfaToken) {}

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

  record MfaBody(String mfaToken, String code) {
    @Override
    public String toString() {
      return "MfaBody[<redacted>]";
    }
  }

  record RefreshBody(String refreshToken) {
    @Override
    public String toString() {
      return "RefreshBody[<redacted>]";
    }
  }

  record PasswordBody(String currentPassword, String newPassword) {
    @Override
    public String toString() {
      return "PasswordBody[<redacted>]";
    }
  }

  record CodeBody(String code) {}

  record DisableBody(String password) {
    @Override
    public String toString() {
      return "DisableBody[<redacted>]";
    }
  }
}
