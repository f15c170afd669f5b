package dev.ordersync.server;

import dev.ordersync.server.auth.ServerKeys;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.http.AccountRoutes;
import dev.ordersync.server.http.AuthRoutes;
import dev.ordersync.server.http.RateLimitFilter;
import dev.ordersync.server.ratelimit.InMemoryRateLimiter;
import dev.ordersync.server.ratelimit.Limit;
import dev.ordersync.server.ratelimit.LoginThrottle;
import dev.ordersync.server.ratelimit.RateLimiter;
import dev.ordersync.server.ratelimit.RedisRateLimiter;
import dev.ordersync.server.ratelimit.RegistrationThrottle;
import dev.ordersync.server.ws.ConnectGuard;
import io.helidon.common.socket.PeerInfo;
import io.helidon.http.Headers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * The rate limits of a server: in-process token buckets by default; with {@code
 * ORDERSYNC_REDIS_URL}, buckets shared by every instance through Redis. If Redis cannot be reached,
 * the general API limits fail open (an outage of the limiter must not take the API down) while
 * login throttling falls back to each instance's own buckets (it is a security control). {@code
 * ORDERSYNC_RATE_LIMITS=off} switches them off, for benchmarks from one address.
 */
final class RateLimits implements OrderSyncServer.Limits {
  private final RateLimiter api;
  private final RateLimiter loginLimiter;
  private final Clock clock = Clock.systemUTC();
  private final boolean trustForwardedFor;
  private final BooleanSupplier healthy;
  private final RateLimitFilter addresses;

  private RateLimits(
      RateLimiter api, RateLimiter login, boolean trustForwardedFor, BooleanSupplier healthy) {
    this.api = api;
    // Keys logins by the same client address as the API limits (IPv6 by /64, X-Forwarded-For when
    // trusted).
    this.addresses =
        new RateLimitFilter(
            api,
            RateLimitFilter.Limits.defaults(),
            req -> java.util.Optional.empty(),
            trustForwardedFor);
    this.loginLimiter = login;
    this.trustForwardedFor = trustForwardedFor;
    this.healthy = healthy;
  }

  /** No limits at all: ORDERSYNC_RATE_LIMITS=off, and tests that hammer one endpoint. */
  static final class Unlimited implements OrderSyncServer.Limits {
    @Override
    public Filter filter(Authenticator auth) {
      return (chain, req, res) -> chain.proceed();
    }

    @Override
    public AuthRoutes.LoginGuard loginGuard(ServerKeys keys) {
      return AuthRoutes.LoginGuard.none();
    }
  }

  static OrderSyncServer.Limits forConfig(ServerConfig config) {
    if (config.rateLimitsOff()) {
      return OrderSyncServer.Limits.none();
    }
    Clock clock = Clock.systemUTC();
    if (config.redisUrl() == null) {
      InMemoryRateLimiter local = new InMemoryRateLimiter(clock);
      return new RateLimits(local, local, config.trustForwardedFor(), null);
    }
    URI url;
    try {
      url = URI.create(config.redisUrl());
    } catch (IllegalArgumentException e) {
      throw new StartupException("ORDERSYNC_REDIS_URL is not a redis:// URL");
    }
    RedisRateLimiter shared =
        RedisRateLimiter.builder(url)
            .keyPrefix(config.redisKeyPrefix() + "rl:")
            .whileUnreachable(RateLimiter.unlimited())
            .build();
    RedisRateLimiter sharedLogin =
        RedisRateLimiter.builder(url)
            .keyPrefix(config.redisKeyPrefix() + "rl:")
            .whileUnreachable(new InMemoryRateLimiter(clock))
            .build();
    return new RateLimits(shared, sharedLogin, config.trustForwardedFor(), shared::healthy);
  }

  @Override
  public Filter filter(Authenticator auth) {
    return new RateLimitFilter(
        api, RateLimitFilter.Limits.defaults(), auth::userOf, trustForwardedFor);
  }

  /**
   * Live sockets per client address: 60 at once, then 10 a second. Many customers of one restaurant
   * may share its Wi-Fi address and each follows an order; a reconnecting client needs one.
   */
  static final Limit LIVE_CONNECTS = Limit.perSecond("ws-connect-address", 60, 10);

  @Override
  public ConnectGuard liveConnects() {
    return this::liveConnectRefused;
  }

  /** Empty if this client address may open one more live socket now, else the seconds to wait. */
  private OptionalLong liveConnectRefused(Headers upgradeHeaders, PeerInfo peer) {
    var decision = api.acquire(addresses.clientAddress(upgradeHeaders, peer), LIVE_CONNECTS);
    return decision.allowed()
        ? OptionalLong.empty()
        : OptionalLong.of(decision.retryAfterSeconds());
  }

  @Override
  public AuthRoutes.LoginGuard loginGuard(ServerKeys keys) {
    return new ThrottledLogins(
        new LoginThrottle(
            loginLimiter, LoginThrottle.Limits.defaults(), keys.loginDeviceKey(), clock));
  }

  /**
   * Registration's guard: the registration throttle on the login limiter (a security control, so it
   * falls back to each instance's own buckets while Redis is away), keyed by the address the API
   * limits use.
   */
  @Override
  public AccountRoutes.RegistrationGuard registrationGuard() {
    RegistrationThrottle throttle =
        new RegistrationThrottle(loginLimiter, RegistrationThrottle.Limits.defaults());
    return new AccountRoutes.RegistrationGuard() {
      @Override
      public void check(String email, String address) {
        throttle.check(email, address);
      }

      @Override
      public String address(ServerRequest req) {
        return addresses.clientAddress(req);
      }
    };
  }

  /** The login routes' guard: the login throttle, keyed by the address the API limits use. */
  private final class ThrottledLogins implements AuthRoutes.LoginGuard {
    private final LoginThrottle login;

    ThrottledLogins(LoginThrottle login) {
      this.login = login;
    }

    @Override
    public LoginThrottle.Attempt check(String account, String address, String deviceCookie) {
      return login.check(account, address, deviceCookie);
    }

    @Override
    public void failed(LoginThrottle.Attempt attempt) {
      login.failed(attempt);
    }

    @Override
    public Optional<String> succeeded(LoginThrottle.Attempt attempt) {
      return Optional.of(login.succeeded(attempt));
    }

    @Override
    public Optional<String> succeeded(LoginThrottle.Attempt attempt, String deviceId) {
      return Optional.of(login.succeeded(attempt, deviceId));
    }

    @Override
    public Duration deviceCookieLifetime() {
      return login.deviceCookieLifetime();
    }

    @Override
    public String address(ServerRequest req) {
      return addresses.clientAddress(req);
    }
  }

  @Override
  public BooleanSupplier redisHealthy() {
    return healthy;
  }
}
