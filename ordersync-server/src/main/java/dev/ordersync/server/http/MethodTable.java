package dev.ordersync.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;

/**
 * Which methods each known path takes, read from the services themselves as they are registered, so
 * that a known path asked with another method is answered 405 with {@code Allow} (RFC 9110 section
 * 15.5.6) instead of looking unknown; and a plain request on a live-socket path is answered 426
 * {@code Upgrade: websocket}. Its {@link #answer} is the last route: any request it does not refuse
 * goes on (and is 404 if nothing else takes it).
 */
final class MethodTable {
  private record Known(String template, PathMatcher matcher, Set<String> methods) {}

  private final List<Known> paths = new ArrayList<>();
  private final List<PathMatcher> sockets = new ArrayList<>();

  /**
   * {@code routing} that also records, in this table, the routes of every service registered under
   * a prefix through it.
   */
  HttpRules recording(HttpRules routing) {
    return new HttpRules() {
      @Override
      public HttpRules register(HttpService... services) {
        routing.register(services);
        return this;
      }

      @Override
      public HttpRules register(String pathPattern, HttpService... services) {
        read(pathPattern, services);
        routing.register(pathPattern, services);
        return this;
      }

      @Override
      public HttpRules route(HttpRoute route) {
        routing.route(route);
        return this;
      }
    };
  }

  /** Records the routes {@code services} declare under {@code prefix}. */
  void read(String prefix, HttpService... services) {
    for (HttpService s : services) {
      s.routing(new Recorder(prefix));
    }
  }

  /** A path served by a feature we do not route ourselves (observe): its methods given. */
  void add(String template, String... methods) {
    add(template, Set.of(methods));
  }

  /** A live-socket path: only a WebSocket upgrade is answered there. */
  void socket(String template) {
    sockets.add(PathMatchers.create(template));
  }

  private void add(String template, Set<String> methods) {
    for (Known k : paths) {
      if (k.template().equals(template)) {
        k.methods().addAll(methods);
        return;
      }
    }
    paths.add(new Known(template, PathMatchers.create(template), new TreeSet<>(methods)));
  }

  /**
   * Every route recorded, as {@code "METHOD /template"} (the live-socket paths not included): what
   * the OpenAPI document must list, no more and no less.
   */
  Set<String> routes() {
    Set<String> routes = new TreeSet<>();
    for (Known k : paths) {
      k.methods().forEach(m -> routes.add(m + " " + k.template()));
    }
    return routes;
  }

  /** Refuses a wrong method on a known path, or a plain request on a socket path; else goes on. */
  void answer(ServerRequest req, ServerResponse res) {
    var path = req.path();
    String method = req.prologue().method().text();
    for (PathMatcher socket : sockets) {
      if (socket.match(path).accepted()) {
        refuseOnSocketPath(req, res, method);
        return;
      }
    }
    Set<String> allowed = new TreeSet<>();
    for (Known k : paths) {
      if (k.matcher().match(path).accepted()) {
        allowed.addAll(k.methods());
      }
    }
    if (allowed.isEmpty()
        || allowed.contains(method)
        || (method.equals("HEAD") && allowed.contains("GET"))) {
      res.next();
      return;
    }
    ClientFaults.record(
        Level.FINE, "method_not_allowed", "a known path asked with a method it does not take");
    res.header(HeaderNames.ALLOW, String.join(", ", allowed));
    Problems.send(
        res,
        405,
        "method_not_allowed",
        "this path does not take "
            + safeMethod(method)
            + "; it takes "
            + String.join(", ", allowed),
        List.of(),
        RequestId.of(req));
  }

  private static void refuseOnSocketPath(ServerRequest req, ServerResponse res, String method) {
    if (!method.equals("GET")) {
      ClientFaults.record(
          Level.FINE, "method_not_allowed", "a socket path asked with a method other than GET");
      res.header(HeaderNames.ALLOW, "GET");
      Problems.send(
          res,
          405,
          "method_not_allowed",
          "this path takes only a WebSocket upgrade (GET)",
          List.of(),
          RequestId.of(req));
      return;
    }
    ClientFaults.record(Level.FINE, "upgrade_required", "a plain GET on a socket path");
    res.header(HeaderNames.UPGRADE, "websocket");
    res.header(HeaderNames.CONNECTION, "Upgrade");
    Problems.send(
        res,
        426,
        "upgrade_required",
        "this path is a WebSocket: connect with Upgrade: websocket",
        List.of(),
        RequestId.of(req));
  }

  /** Methods are tokens, but a long or odd one is not repeated back. */
  private static String safeMethod(String method) {
    return method.length() <= 16 && method.matches("[A-Z]+") ? method : "that method";
  }

  /** The {@link HttpRules} a service is shown to learn its routes; it routes nothing. */
  private final class Recorder implements HttpRules {
    private final String prefix;

    Recorder(String prefix) {
      this.prefix = prefix;
    }

    private HttpRules rule(Method method, String path) {
      String full = path.equals("/") ? prefix : prefix + path;
      add(full, Set.of(method.text().toUpperCase(Locale.ROOT)));
      return this;
    }

    @Override
    public HttpRules register(HttpService... services) {
      throw new UnsupportedOperationException("a nested service without a prefix");
    }

    @Override
    public HttpRules register(String pathPattern, HttpService... services) {
      for (HttpService s : services) {
        s.routing(new Recorder(prefix + pathPattern));
      }
      return this;
    }

    @Override
    public HttpRules route(HttpRoute route) {
      throw new UnsupportedOperationException("a route MethodTable cannot read");
    }

    @Override
    public HttpRules route(Method method, String pathPattern, Handler handler) {
      return rule(method, pathPattern);
    }

    @Override
    public HttpRules get(String pathPattern, Handler... handlers) {
      return rule(Method.GET, pathPattern);
    }

    @Override
    public HttpRules post(String pathPattern, Handler... handlers) {
      return rule(Method.POST, pathPattern);
    }

    @Override
    public HttpRules put(String pathPattern, Handler... handlers) {
      return rule(Method.PUT, pathPattern);
    }

    @Override
    public HttpRules patch(String pathPattern, Handler... handlers) {
      return rule(Method.PATCH, pathPattern);
    }

    @Override
    public HttpRules delete(String pathPattern, Handler... handlers) {
      return rule(Method.DELETE, pathPattern);
    }

    @Override
    public HttpRules head(String pathPattern, Handler... handlers) {
      return rule(Method.HEAD, pathPattern);
    }

    @Override
    public HttpRules options(String pathPattern, Handler... handlers) {
      return rule(Method.OPTIONS, pathPattern);
    }
  }
}
