package dev.ordersync.server.http;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.ratelimit.Decision;
import dev.ordersync.server.ratelimit.Limit;
import dev.ordersync.server.ratelimit.RateLimiter;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Limits every {@code /api/} request per client address and, when it carries a signed-in user's
 * token, per user. Each response says where the tighter of the two buckets stands ({@code
 * RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} in seconds, after the IETF
 * httpapi draft); a refusal is a 429 problem with {@code Retry-After}.
 *
 * <p>Add it after {@link RequestId#filter()}, so that refusals carry the request id. A handler's
 * error response loses the headers (Helidon resets them), and {@link #headers(ServerRequest,
 * ServerResponse)} puts them back.
 */
public final class RateLimitFilter implements Filter {
  static final HeaderName LIMIT = HeaderNames.create("RateLimit-Limit");
  static final HeaderName REMAINING = HeaderNames.create("RateLimit-Remaining");
  static final HeaderName RESET = HeaderNames.create("RateLimit-Reset");
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::\\d{1,5})?");
  private static final Pattern IPV6 =
      Pattern.compile("\\[?([0-9A-Fa-f:][0-9A-Fa-f:.]*)(?:](?::\\d{1,5})?)?");

  private final RateLimiter limiter;
  private final Limits limits;
  private final Function<ServerRequest, Optional<String>> userOf;
  private final boolean trustForwardedFor;

  /** The two buckets of every API request. */
  public record Limits(Limit perAddress, Limit perUser) {
    public Limits {
      Objects.requireNonNull(perAddress, "perAddress");
      Objects.requireNonNull(perUser, "perUser");
      if (perAddress.name().equals(perUser.name())) {
        throw new IllegalArgumentException("the two limits need different names");
      }
    }

    /**
     * Per address 200 at once and 100 a second, as many customers of one restaurant may order over
     * its Wi-Fi or a carrier's NAT; per user 100 at once and 50 a second, far above what a person
     * or a restaurant's board page sends, well below what a script hammering the API does.
     */
    public static Limits defaults() {
      return new Limits(
          Limit.perSecond("api-address", 200, 100), Limit.perSecond("api-user", 100, 50));
    }
  }

  /**
   * @param userOf the id of the signed-in user a request's access token names, if it carries a
   *     valid one; a refused credential ({@link HttpProblem}, {@link DomainException}) counts as
   *     none, as the handler will answer for it
   * @param trustForwardedFor whether the first {@code X-Forwarded-For} entry is the client: only
   *     behind a proxy that sets that header itself (overwriting what the client sent), as
   *     otherwise any client can pick its own address
   */
  public RateLimitFilter(
      RateLimiter limiter,
      Limits limits,
      Function<ServerRequest, Optional<String>> userOf,
      boolean trustForwardedFor) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.userOf = Objects.requireNonNull(userOf, "userOf");
    this.trustForwardedFor = trustForwardedFor;
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    String path = req.path().path();
    if (!path.startsWith("/api/") && !path.equals("/api")) {
      chain.proceed();
      return;
    }
    Decision decision = limiter.acquire(clientAddress(req), limits.perAddress());
    // A refused address spends nothing of the user's bucket.
    if (decision.allowed()) {
      Optional<String> user = user(req);
      if (user.isPresent()) {
        decision = tighter(decision, limiter.acquire(user.get(), limits.perUser()));
      }
    }
    req.context().register(new Applied(decision));
    write(res, decision);
    if (!decision.allowed()) {
      refuse(req, res, decision.retryAfterSeconds(), "too many requests", "api");
      return;
    }
    chain.proceed();
  }

  /**
   * The client's address as the limits key it: the peer's IP, or the first {@code X-Forwarded-For}
   * entry when trusted and well-formed. IPv6 clients are keyed by their /64, since one subscriber
   * usually holds a whole /64. Login throttling should key on the same value.
   */
  public String clientAddress(ServerRequest req) {
    return clientAddress(req.headers(), req.remotePeer());
  }

  /**
   * {@link #clientAddress(ServerRequest)} from a request's headers and peer (a WebSocket upgrade
   * has no request).
   */
  public String clientAddress(
      io.helidon.http.Headers headers, io.helidon.common.socket.PeerInfo remotePeer) {
    if (trustForwardedFor) {
      Optional<InetAddress> forwarded =
          headers
              .first(HeaderNames.X_FORWARDED_FOR)
              .flatMap(h -> literal(h.split(",", 2)[0].strip()));
      if (forwarded.isPresent()) {
        return key(forwarded.get());
      }
    }
    SocketAddress peer = remotePeer.address();
    if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return key(inet.getAddress());
    }
    return remotePeer.host();
  }

  /**
   * Sets the rate limit headers of {@code req} again, on a response whose headers were reset (an
   * error response).
   */
  static void headers(ServerRequest req, ServerResponse res) {
    req.context().get(Applied.class).ifPresent(a -> write(res, a.decision()));
  }

  /**
   * Answers 429 {@code rate_limited} with {@code Retry-After}; also for a login refused by the
   * login throttle.
   */
  static void refuse(
      ServerRequest req, ServerResponse res, long retryAfterSeconds, String detail, String limit) {
    RouteMetrics.rateLimited(limit);
    long seconds = Math.max(1, retryAfterSeconds);
    res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
    Problems.send(
        res,
        429,
        "rate_limited",
        detail + "; retry after " + seconds + " s",
        List.of(),
        RequestId.of(req));
  }

  private Optional<String> user(ServerRequest req) {
    try {
      return userOf.apply(req);
    } catch (HttpProblem | DomainException refused) {
      return Optional.empty();
    }
  }

  /**
   * The decision that says more: a refusal, else the bucket with fewer tokens left, else the one
   * slower to refill.
   */
  private static Decision tighter(Decision a, Decision b) {
    if (a.allowed() != b.allowed()) {
      return a.allowed() ? b : a;
    }
    if (a.remaining() != b.remaining()) {
      return a.remaining() < b.remaining() ? a : b;
    }
    return a.resetAfter().compareTo(b.resetAfter()) >= 0 ? a : b;
  }

  private static void write(ServerResponse res, Decision d) {
    res.header(LIMIT, Long.toString(d.limit()));
    res.header(REMAINING, Long.toString(d.remaining()));
    res.header(RESET, Long.toString(d.resetAfterSeconds()));
  }

  private static String key(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
      Arrays.fill(prefix, 8, 16, (byte) 0);
      try {
        return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
      } catch (UnknownHostException e) {
        throw new IllegalStateException("16 bytes are always an IPv6 address", e);
      }
    }
    return address.getHostAddress();
  }

  /**
   * An IP literal (with an optional port), parsed without ever asking DNS; anything else is empty.
   */
  static Optional<InetAddress> literal(String text) {
    try {
      Matcher v4 = IPV4.matcher(text);
      if (v4.matches()) {
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int octet = Integer.parseInt(v4.group(i + 1));
          if (octet > 255) {
            return Optional.empty();
          }
          bytes[i] = (byte) octet;
        }
        return Optional.of(InetAddress.getByAddress(bytes));
      }
      Matcher v6 = IPV6.matcher(text);
      if (v6.matches() && v6.group(1).indexOf(':') >= 0) {
        // Starting with a hex digit or a colon and holding a colon, the text is parsed as an IPv6
        // literal and refused if
        // it is none: InetAddress asks DNS only for names, and this is never one.
        return Optional.of(InetAddress.getByName(v6.group(1)));
      }
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The decision taken for one request, kept in its context for {@link #headers}. */
  private record Applied(Decision decision) {}
}
