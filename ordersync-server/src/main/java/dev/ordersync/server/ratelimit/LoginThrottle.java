package dev.ordersync.server.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The throttle in front of password logins (ASVS V2.2.1): per client address every attempt counts;
 * per account only failures do, and once an account's allowance is spent it gets one more attempt
 * per refill interval. An account is slowed down, never locked: its owner gets in at the next
 * attempt the throttle lets through, and nobody can lock a victim out by failing on purpose for
 * longer than that.
 *
 * <pre>{@code
 * throttle.check(email, address);      // before the password is checked; may throw ThrottledException (answer 429)
 * if (passwordIsRight) throttle.succeeded(email); else throttle.failed(email, address);
 * }</pre>
 *
 * <p>{@link #check} takes the account's token up front, as if the attempt will fail, and {@link
 * #succeeded} gives the account its allowance back. Counting afterwards instead would let a burst
 * of parallel guesses all pass the check while one token is left. An attempt that ends in neither
 * (an error) stays counted as a failure.
 *
 * <p>Accounts are keyed by the SHA-256 of the normalized email, so no email is ever stored in the
 * limiter (Redis). The address bucket is consulted first, and an address that is out of attempts
 * does not spend the account's.
 */
public final class LoginThrottle {
  private static final String ACCOUNT_PREFIX = "sha256:";

  private final RateLimiter limiter;
  private final Limits limits;

  /** The two buckets: attempts per client address, failures per account. */
  public record Limits(Limit perAddress, Limit perAccount) {
    public Limits {
      Objects.requireNonNull(perAddress, "perAddress");
      Objects.requireNonNull(perAccount, "perAccount");
      if (perAddress.name().equals(perAccount.name())) {
        throw new IllegalArgumentException("the two limits need different names");
      }
    }

    /**
     * 20 attempts per address per 10 minutes (bursts of 20: a restaurant's staff behind one NAT
     * signing in at opening time); per account 5 failures, then one more attempt a minute, which
     * keeps an account under 65 guesses an hour (ASVS asks for at most 100).
     */
    public static Limits defaults() {
      return new Limits(
          new Limit("login-address", 20, 20, Duration.ofMinutes(10)),
          new Limit("login-account", 5, 1, Duration.ofMinutes(1)));
    }
  }

  public LoginThrottle(RateLimiter limiter, Limits limits) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Lets one login attempt for {@code account} (an email, as typed) from {@code address} through,
   * or throws.
   */
  public void check(String account, String address) {
    Objects.requireNonNull(address, "address");
    Decision byAddress = limiter.acquire(address, limits.perAddress());
    if (!byAddress.allowed()) {
      throw throttled(byAddress);
    }
    Decision byAccount = limiter.acquire(accountKey(account), limits.perAccount());
    if (!byAccount.allowed()) {
      throw throttled(byAccount);
    }
  }

  /**
   * The attempt let through by {@link #check} failed. Its token was already taken there, so nothing
   * more is counted; callers still say so, which keeps every outcome explicit where logins are
   * handled.
   */
  public void failed(String account, String address) {
    Objects.requireNonNull(address, "address");
  }

  /**
   * The password was right: the account's failures are forgiven and its allowance is full again.
   */
  public void succeeded(String account) {
    limiter.reset(accountKey(account), limits.perAccount());
  }

  /**
   * The key of an account: a hash of the email lower-cased and stripped, as {@code EmailAddress}
   * normalizes it.
   */
  static String accountKey(String account) {
    String normalized = account == null ? "" : account.strip().toLowerCase(Locale.ROOT);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
      return ACCOUNT_PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static ThrottledException throttled(Decision d) {
    return new ThrottledException("too many login attempts", d.retryAfter());
  }
}
