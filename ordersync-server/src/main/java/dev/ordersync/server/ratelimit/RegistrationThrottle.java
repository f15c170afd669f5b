package dev.ordersync.server.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The throttle in front of registration. Registration answers a taken email like a new one, so it
 * reveals no account, but each attempt still costs an Argon2id hash and, for a taken email, a
 * notice to the address's owner: both are limited. Per client address every attempt counts (a burst
 * of 20, then 20 an hour: a class signing up behind one school NAT); per email every attempt counts
 * too (3, then 3 an hour), so nobody can flood one person's inbox with notices from rotating
 * addresses.
 *
 * <pre>{@code
 * throttle.check(email, address);   // may throw ThrottledException (429 with Retry-After)
 * }</pre>
 *
 * <p>The address bucket is consulted first, and an address that is out of attempts does not spend
 * the email's. Emails are keyed by the SHA-256 of the normalized address, as the login throttle
 * keys accounts, so no email is ever stored in the limiter (Redis).
 */
public final class RegistrationThrottle {
  private final RateLimiter limiter;
  private final Limits limits;

  /** The buckets: attempts per client address and per email. */
  public record Limits(Limit perAddress, Limit perEmail) {
    public Limits {
      Objects.requireNonNull(perAddress, "perAddress");
      Objects.requireNonNull(perEmail, "perEmail");
      if (perAddress.name().equals(perEmail.name())) {
        throw new IllegalArgumentException("the two limits need different names");
      }
    }

    /** 20 attempts per address, then 20 an hour; 3 per email, then 3 an hour. */
    public static Limits defaults() {
      return new Limits(
          new Limit("register-address", 20, 20, Duration.ofHours(1)),
          new Limit("register-email", 3, 3, Duration.ofHours(1)));
    }
  }

  public RegistrationThrottle(RateLimiter limiter, Limits limits) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Lets one registration for {@code email} (as typed; null counts as the empty email) from {@code
   * address} through, or throws.
   */
  public void check(String email, String address) {
    Objects.requireNonNull(address, "address");
    Decision byAddress = limiter.acquire(address, limits.perAddress());
    if (!byAddress.allowed()) {
      throw throttled(byAddress);
    }
    Decision byEmail = limiter.acquire(LoginThrottle.accountKey(email), limits.perEmail());
    if (!byEmail.allowed()) {
      throw throttled(byEmail);
    }
  }

  private static ThrottledException throttled(Decision d) {
    return new ThrottledException("too many registrations", d.retryAfter());
  }
}
