package dev.ordersync.server.web;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The web pages (decision 32): the restaurant's app, the guest's menu, order and payment pages, and
 * their files under {@code /assets/}. Each answer carries a strong ETag (a repeat visit costs a
 * 304) and, for pages, a Content-Security-Policy without inline script or eval; only the payment
 * page may load one outside script, Toss's payment window.
 */
public final class WebPages implements HttpService {
  static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
  static final HeaderName REFERRER_POLICY = HeaderNames.create("Referrer-Policy");
  static final HeaderName PERMISSIONS_POLICY = HeaderNames.create("Permissions-Policy");
  static final HeaderName X_CONTENT_TYPE_OPTIONS = HeaderNames.create("X-Content-Type-Options");
  static final HeaderName CROSS_ORIGIN_OPENER_POLICY =
      HeaderNames.create("Cross-Origin-Opener-Policy");

  private static final String BASE_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:;"
          + " connect-src 'self'; font-src 'self'; media-src 'self'; object-src 'none';"
          + " base-uri 'none'; frame-ancestors 'none'; manifest-src 'self'";

  private final Assets assets;
  private final String pagePolicy;
  private final String paymentPolicy;

  /**
   * @param paymentScript the payment window's script (ORDERSYNC_TOSS_SCRIPT_URL), the one outside
   *     script the payment page may load; empty when online payment is not configured
   */
  public WebPages(Assets assets, Optional<URI> paymentScript) {
    this.assets = assets;
    this.pagePolicy = BASE_POLICY + "; form-action 'self'";
    this.paymentPolicy =
        paymentScript
            .map(WebPages::origin)
            .map(
                o ->
                    BASE_POLICY.replace("script-src 'self'", "script-src 'self' " + o)
                        + "; frame-src "
                        + o
                        + " https://*.tosspayments.com; form-action 'self' "
                        + o
                        + " https://*.tosspayments.com")
            .orElse(pagePolicy);
  }

  static String origin(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .get("/app", (req, res) -> redirect(res, "/app/"))
        .get("/app/", (req, res) -> page(req, res, "app/index.html", pagePolicy))
        .get("/r/{id}", (req, res) -> idPage(req, res, "guest/menu.html", pagePolicy))
        .get("/o/{id}", (req, res) -> idPage(req, res, "guest/order.html", pagePolicy))
        .get("/o/{id}/pay", (req, res) -> idPage(req, res, "guest/pay.html", paymentPolicy))
        .get(
            "/o/{id}/pay/{result}", (req, res) -> idPage(req, res, "guest/pay.html", paymentPolicy))
        .get("/assets/*", this::asset);
  }

  private static void redirect(ServerResponse res, String to) {
    res.status(Status.MOVED_PERMANENTLY_301);
    res.header(HeaderNames.LOCATION, to);
    res.send();
  }

  private void idPage(ServerRequest req, ServerResponse res, String file, String policy) {
    if (!isUuid(req.path().pathParameters().get("id"))) {
      notFound(req, res);
      return;
    }
    page(req, res, file, policy);
  }

  private void page(ServerRequest req, ServerResponse res, String file, String policy) {
    res.header(CSP, policy);
    res.header(REFERRER_POLICY, "no-referrer");
    res.header(X_CONTENT_TYPE_OPTIONS, "nosniff");
    res.header(CROSS_ORIGIN_OPENER_POLICY, "same-origin");
    res.header(PERMISSIONS_POLICY, "camera=(), microphone=(), geolocation=()");
    send(req, res, assets.find(file).orElseThrow(() -> missing(file)));
  }

  private static IllegalStateException missing(String file) {
    return new IllegalStateException("the jar lacks its page " + file);
  }

  private void asset(ServerRequest req, ServerResponse res) {
    String path = req.path().path();
    String rel = path.substring("/assets/".length());
    Optional<Assets.Asset> found =
        rel.contains("..") || rel.endsWith(".html") ? Optional.empty() : assets.find(rel);
    if (found.isEmpty()) {
      notFound(req, res);
      return;
    }
    res.header(X_CONTENT_TYPE_OPTIONS, "nosniff");
    send(req, res, found.get());
  }

  private void notFound(ServerRequest req, ServerResponse res) {
    res.status(Status.NOT_FOUND_404);
    res.header(CSP, pagePolicy);
    res.header(X_CONTENT_TYPE_OPTIONS, "nosniff");
    Assets.Asset page = assets.find("shared/not-found.html").orElseThrow(() -> missing("404"));
    res.header(HeaderNames.CONTENT_TYPE, page.contentType());
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.send(page.body());
  }

  /**
   * The file, or 304 when the client holds this very version; gzip when the client takes it.
   * Revalidated on every use ({@code no-cache}): the files have no hashed names, so a deployment
   * shows at once, and a repeat visit still costs only the 304s.
   */
  private static void send(ServerRequest req, ServerResponse res, Assets.Asset asset) {
    res.header(HeaderNames.ETAG, asset.etag());
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    res.header(HeaderValues.create(HeaderNames.VARY, "Accept-Encoding"));
    if (req.headers()
        .first(HeaderNames.IF_NONE_MATCH)
        .map(v -> matches(v, asset.etag()))
        .orElse(false)) {
      res.status(Status.NOT_MODIFIED_304);
      res.send();
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, asset.contentType());
    boolean gzip =
        asset.gzip() != null
            && req.headers()
                .first(HeaderNames.ACCEPT_ENCODING)
                .map(v -> v.toLowerCase(Locale.ROOT).contains("gzip"))
                .orElse(false);
    if (gzip) {
      res.header(HeaderNames.CONTENT_ENCODING, "gzip");
      res.send(asset.gzip());
    } else {
      res.send(asset.body());
    }
  }

  static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag) || c.equals("*")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUuid(String s) {
    if (s == null || s.length() != 36) {
      return false;
    }
    try {
      UUID.fromString(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
