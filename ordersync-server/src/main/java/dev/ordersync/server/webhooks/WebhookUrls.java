package dev.ordersync.server.webhooks;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may be sent (decision 0045-webhooks): an https URL whose host is a public
 * address, so that an owner cannot make the server call into its own network (SSRF). With {@code
 * allowHttp} (ORDERSYNC_WEBHOOKS_ALLOW_HTTP, for tests and local development) http is allowed to a
 * loopback host, and https to private and loopback addresses. Checked when an endpoint is made and
 * again before every send (a name may resolve elsewhere later).
 */
public final class WebhookUrls {
  private final boolean allowHttp;
  private final Resolver resolver;

  /** How a host name becomes addresses (the system's resolver; tests give their own). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  public WebhookUrls(boolean allowHttp) {
    this(allowHttp, InetAddress::getAllByName);
  }

  public WebhookUrls(boolean allowHttp, Resolver resolver) {
    this.allowHttp = allowHttp;
    this.resolver = resolver;
  }

  public boolean allowHttp() {
    return allowHttp;
  }

  /**
   * The URL, checked: a {@link DomainException.Invalid} for one that is not a URL, a {@link
   * DomainException.RuleViolated} {@code webhook_url_not_https} or {@code
   * webhook_url_private_address}. A host that does not resolve now is accepted (it is checked again
   * before each send).
   */
  public URI check(String raw) {
    URI uri = parse(raw);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host(uri));
    } catch (UnknownHostException e) {
      addresses = new InetAddress[0];
    }
    if (scheme.equals("http")) {
      if (!allowHttp || addresses.length == 0 || !allLoopback(addresses)) {
        throw new DomainException.RuleViolated(
            "webhook_url_not_https",
            allowHttp
                ? "a webhook URL must be https (http only to this machine's loopback address)"
                : "a webhook URL must be https",
            new FieldError("url", "must be an https URL"));
      }
      return uri;
    }
    refusePrivate(addresses);
    return uri;
  }

  /**
   * Before a send: the host's addresses now, refused as in {@link #check} ({@link
   * DomainException.RuleViolated}), or {@link UnknownHostException} when it does not resolve.
   */
  public void checkBeforeSend(URI uri) throws UnknownHostException {
    InetAddress[] addresses = resolver.resolve(host(uri));
    if (uri.getScheme().equalsIgnoreCase("http")) {
      if (!allowHttp || !allLoopback(addresses)) {
        throw new DomainException.RuleViolated("webhook_url_not_https", "http is not allowed");
      }
      return;
    }
    refusePrivate(addresses);
  }

  private void refusePrivate(InetAddress[] addresses) {
    if (allowHttp) {
      return;
    }
    for (InetAddress a : addresses) {
      if (isPrivate(a)) {
        throw new DomainException.RuleViolated(
            "webhook_url_private_address",
            "a webhook URL must point to a public address, not "
                + a.getHostAddress()
                + " (loopback, private, link-local and other reserved addresses are refused)",
            new FieldError("url", "points to a private or reserved address"));
      }
    }
  }

  private static URI parse(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new DomainException.Invalid("url", "is required");
    }
    if (raw.length() > 2048) {
      throw new DomainException.Invalid("url", "must be at most 2048 characters");
    }
    URI uri;
    try {
      uri = new URI(raw.strip());
    } catch (URISyntaxException e) {
      throw new DomainException.Invalid("url", "is not a valid URL");
    }
    if (uri.getScheme() == null || uri.getHost() == null || !uri.isAbsolute()) {
      throw new DomainException.Invalid("url", "must be an absolute https URL with a host");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new DomainException.RuleViolated(
          "webhook_url_not_https",
          "a webhook URL must be https",
          new FieldError("url", "must be an https URL"));
    }
    if (uri.getRawUserInfo() != null) {
      throw new DomainException.Invalid("url", "must not carry a user name or password");
    }
    if (uri.getRawFragment() != null) {
      throw new DomainException.Invalid("url", "must not have a fragment");
    }
    return uri;
  }

  private static String host(URI uri) {
    String host = uri.getHost();
    // An IPv6 literal comes in brackets.
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean allLoopback(InetAddress[] addresses) {
    return List.of(addresses).stream().allMatch(InetAddress::isLoopbackAddress);
  }

  /**
   * Loopback, unspecified, private (RFC 1918, IPv6 unique local), link-local, shared (100.64/10),
   * multicast, benchmark (198.18/15), IETF (192.0.0/24) and reserved (240/4) ranges, and IPv4
   * inside IPv6.
   */
  static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isAnyLocalAddress()
        || a.isSiteLocalAddress()
        || a.isLinkLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      return b0 == 0
          || (b0 == 100 && b1 >= 64 && b1 < 128)
          || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0)
          || (b0 == 198 && (b1 == 18 || b1 == 19))
          || b0 >= 240;
    }
    if (a instanceof Inet6Address) {
      int b0 = b[0] & 0xff;
      if ((b0 & 0xfe) == 0xfc) {
        return true; // fc00::/7, unique local
      }
      boolean mappedOrCompatible = true;
      for (int i = 0; i < 10; i++) {
        mappedOrCompatible &= b[i] == 0;
      }
      if (mappedOrCompatible
          && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
        try {
          return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }
}
