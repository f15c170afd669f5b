package dev.ordersync.server.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The throttle in front of password logins (ASVS V2.2.1, decision 26). Per client address every
 * attempt counts. Per account only failures count, in a bucket chosen by where the attempt comes
 * from, so that an attacker spends his own allowance and never the owner's:
 *
 * <ul>
 *   <li>a <b>device</b> that once logged in to the account (it presents the signed device cookie
 *       the throttle issued on that success) has a bucket of its own;
 *   <li>an <b>address</b> the account logged in from within {@link Limits#remembered} shares one
 *       bucket with the account's other known addresses;
 *   <li>every <b>other</b> place shares the account's bucket for strangers.
 * </ul>
 *
 * An attacker rotating addresses only ever reaches the strangers' bucket: the account is slowed
 * down for strangers, while its owner, at home or on a known device, gets in at once. Without a
 * device secret an account gets at most 65 + 35 = 100 guesses an hour across all addresses (ASVS
 * asks for at most 100).
 *
 * <pre>{@code
 * Attempt a = throttle.check(email, address, deviceCookie);   // may throw ThrottledException (429)
 * if (passwordIsRight) setCookie(throttle.succeeded(a)); else throttle.failed(a);
 * }</pre>
 *
 * <p>{@link #check} takes the bucket's token up front, as if the attempt will fail, and {@link
 * #succeeded} gives that bucket its allowance back. Counting afterwards instead would let a burst
 * of parallel guesses all pass the check while one token is left. An attempt that ends in neither
 * (an error) stays counted as a failure.
 *
 * <p>Accounts are keyed by the SHA-256 of the normalized email, so no email is ever stored in the
 * limiter (Redis). The address bucket is consulted first, and an address that is out of attempts
 * does not spend the account's.
 */
public final class LoginThrottle {
  /** The name of the cookie that carries a device's proof of an earlier login. */
  public static final String DEVICE_COOKIE = "ordersync_device";

  private static final String ACCOUNT_PREFIX = "sha256:";
  private static final String COOKIE_VERSION = "d1";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RateLimiter limiter;
  private final Limits limits;
  private final SecretKeySpec deviceKey;
  private final Clock clock;

  /** Where an attempt was counted, which says what its outcome changes. */
  public enum Place {
    /** A device holding a valid device cookie for the account. */
    DEVICE,
    /** An address the account has logged in from before. */
    KNOWN_ADDRESS,
    /** Anywhere else. */
    STRANGER
  }

  /**
   * One attempt let through by {@link #check}: the account's key, the address, where it was
   * counted, and the device's id when it came from a known device.
   */
  public record Attempt(String accountKey, String address, Place place, String deviceId) {
    public Attempt {
      Objects.requireNonNull(accountKey, "accountKey");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(place, "place");
      if ((place == Place.DEVICE) != (deviceId != null)) {
        throw new IllegalArgumentException("a device id exactly when the place is a device");
      }
    }
  }

  /**
   * The buckets: attempts per client address; failures per account from strangers, from known
   * addresses (together) and per known device; how long an address or device stays known.
   */
  public record Limits(
      Limit perAddress,
      Limit perAccount,
      Limit perAccountKnownAddresses,
      Limit perDevice,
      Duration remembered) {
    public Limits {
      Objects.requireNonNull(perAddress, "perAddress");
      Objects.requireNonNull(perAccount, "perAccount");
      Objects.requireNonNull(perAccountKnownAddresses, "perAccountKnownAddresses");
      Objects.requireNonNull(perDevice, "perDevice");
      Objects.requireNonNull(remembered, "remembered");
      long names =
          java.util.stream.Stream.of(perAddress, perAccount, perAccountKnownAddresses, perDevice)
              .map(Limit::name)
              .distinct()
              .count();
      if (names != 4) {
        throw new IllegalArgumentException("the four limits need different names");
      }
      if (remembered.isNegative() || remembered.isZero()) {
        throw new IllegalArgumentException("remembered must be positive: " + remembered);
      }
    }

    /**
     * 20 attempts per address per 10 minutes (bursts of 20: a restaurant's staff behind one NAT
     * signing in at opening time). Per account, from strangers 5 failures then one a minute (under
     * 65 an hour); from its known addresses together 5 then one every two minutes (under 35 an
     * hour); from each known device 5 then one a minute. Places are known for 90 days after their
     * last successful login.
     */
    public static Limits defaults() {
      return new Limits(
          new Limit("login-address", 20, 20, Duration.ofMinutes(10)),
          new Limit("login-account", 5, 1, Duration.ofMinutes(1)),
          new Limit("login-account-known", 5, 1, Duration.ofMinutes(2)),
          new Limit("login-device", 5, 1, Duration.ofMinutes(1)),
          Duration.ofDays(90));
    }
  }

  /**
   * A throttle whose device cookies are signed with a key of its own: they stay valid only as long
   * as this object lives (tests, a single process). Servers pass the key they share.
   */
  public LoginThrottle(RateLimiter limiter, Limits limits) {
    this(limiter, limits, randomKey(), Clock.systemUTC());
  }

  /**
   * @param deviceKey at least 32 bytes, the same on every instance, that sign the device cookies
   */
  public LoginThrottle(RateLimiter limiter, Limits limits, byte[] deviceKey, Clock clock) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.limits = Objects.requireNonNull(limits, "limits");
    if (deviceKey.length < 32) {
      throw new IllegalArgumentException("the device key needs at least 32 bytes");
    }
    this.deviceKey = new SecretKeySpec(deviceKey.clone(), "HmacSHA256");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@link #check(String, String, String)} without a device cookie. */
  public Attempt check(String account, String address) {
    return check(account, address, null);
  }

  /**
   * Lets one login attempt for {@code account} (an email, as typed) from {@code address} through,
   * or throws. {@code deviceCookie} is the value of {@link #DEVICE_COOKIE} the client sent, or
   * null; one that is forged, expired or issued for another account counts for nothing.
   */
  public Attempt check(String account, String address, String deviceCookie) {
    Objects.requireNonNull(address, "address");
    Decision byAddress = limiter.acquire(address, limits.perAddress());
    if (!byAddress.allowed()) {
      throw throttled(byAddress);
    }
    String accountKey = accountKey(account);
    Optional<String> device = deviceId(accountKey, deviceCookie);
    Attempt attempt =
        device.isPresent()
            ? new Attempt(accountKey, address, Place.DEVICE, device.get())
            : limiter.remembers(knownAddressKey(accountKey, address))
                ? new Attempt(accountKey, address, Place.KNOWN_ADDRESS, null)
                : new Attempt(accountKey, address, Place.STRANGER, null);
    Decision byAccount = limiter.acquire(bucketKey(attempt), limit(attempt.place()));
    if (!byAccount.allowed()) {
      throw throttled(byAccount);
    }
    return attempt;
  }

  /**
   * The attempt let through by {@link #check} failed. Its token was already taken there, so nothing
   * more is counted; callers still say so, which keeps every outcome explicit where logins are
   * handled.
   */
  public void failed(Attempt attempt) {
    Objects.requireNonNull(attempt, "attempt");
  }

  /**
   * The password was right: the failures of the bucket the attempt was counted in are forgiven (and
   * only those: the owner logging in at home gives strangers nothing back), its address becomes
   * known, and the answer is the device cookie to send back (a new device, or the same one
   * renewed).
   */
  public String succeeded(Attempt attempt) {
    return succeeded(attempt, deviceIdOf(attempt));
  }

  /**
   * {@link #succeeded(Attempt)}, the cookie naming {@code deviceId}: the one {@link
   * #deviceIdOf(Attempt)} gave before the login was carried out, so that the login and its cookie
   * name the same device.
   */
  public String succeeded(Attempt attempt, String deviceId) {
    limiter.reset(bucketKey(attempt), limit(attempt.place()));
    limiter.remember(knownAddressKey(attempt.accountKey(), attempt.address()), limits.remembered());
    return deviceCookie(attempt.accountKey(), deviceId, clock.instant().getEpochSecond());
  }

  /** The device of an attempt: the one its cookie proved, or a new one. */
  public static String deviceIdOf(Attempt attempt) {
    return attempt.deviceId() != null ? attempt.deviceId() : newDeviceId();
  }

  /** How long a device cookie is good for: as long as the throttle remembers places. */
  public Duration deviceCookieLifetime() {
    return limits.remembered();
  }

  /**
   * The key of an account: a hash of the email lower-cased and stripped, as {@code EmailAddress}
   * normalizes it.
   */
  static String accountKey(String account) {
    String normalized = account == null ? "" : account.strip().toLowerCase(Locale.ROOT);
    return ACCOUNT_PREFIX + sha256(normalized);
  }

  private String bucketKey(Attempt a) {
    return switch (a.place()) {
      case DEVICE -> a.accountKey() + ":" + a.deviceId();
      case KNOWN_ADDRESS, STRANGER -> a.accountKey();
    };
  }

  private Limit limit(Place place) {
    return switch (place) {
      case DEVICE -> limits.perDevice();
      case KNOWN_ADDRESS -> limits.perAccountKnownAddresses();
      case STRANGER -> limits.perAccount();
    };
  }

  /** A hash, so the limiter's store holds no address next to an account. */
  private static String knownAddressKey(String accountKey, String address) {
    return "login-known:" + sha256(accountKey + "|" + address);
  }

  private static String newDeviceId() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return B64.encodeToString(id);
  }

  private String deviceCookie(String accountKey, String deviceId, long issued) {
    return COOKIE_VERSION + "." + deviceId + "." + issued + "." + mac(accountKey, deviceId, issued);
  }

  /** The device id of a cookie that this throttle signed for this account and that is not old. */
  private Optional<String> deviceId(String accountKey, String cookie) {
    if (cookie == null || cookie.length() > 200) {
      return Optional.empty();
    }
    String[] parts = cookie.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals(COOKIE_VERSION)) {
      return Optional.empty();
    }
    long issued;
    try {
      issued = Long.parseLong(parts[2]);
      B64D.decode(parts[1]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    long age = clock.instant().getEpochSecond() - issued;
    if (age < -60 || age > limits.remembered().toSeconds()) {
      return Optional.empty();
    }
    byte[] expected = mac(accountKey, parts[1], issued).getBytes(StandardCharsets.US_ASCII);
    byte[] given = parts[3].getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? Optional.of(parts[1]) : Optional.empty();
  }

  private String mac(String accountKey, String deviceId, long issued) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(deviceKey);
      String signed = "login-device|" + accountKey + "|" + deviceId + "|" + issued;
      return B64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static ThrottledException throttled(Decision d) {
    return new ThrottledException("too many login attempts", d.retryAfter());
  }
}
