package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ordersync.sdk.AdminResource;
import dev.ordersync.sdk.AuthResource;
import dev.ordersync.sdk.OrdersResource;
import dev.ordersync.sdk.PaymentsResource;
import dev.ordersync.sdk.RestaurantOrdersResource;
import dev.ordersync.sdk.RestaurantsResource;
import dev.ordersync.sdk.WebhooksResource;
import dev.ordersync.server.RunningServer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every route of the HTTP API has an SDK call: a new server route without one fails here. The
 * routes are read from the server's routing (ApiRouting and each {@code *Routes} service, as
 * EveryRouteEveryRoleTest reads them) and each is confirmed against a running server, whose method
 * table answers a known path asked with a method it does not take 405 with {@code Allow}.
 */
class SdkCoversEveryRouteTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();

  /** (method, path template with {@code {}} for each parameter) -> the SDK call that sends it. */
  static final Map<String, String> SDK_CALLS = new LinkedHashMap<>();

  static {
    // Accounts and sessions
    SDK_CALLS.put("POST /api/v1/auth/register", "auth().register");
    SDK_CALLS.put("POST /api/v1/auth/login", "auth().login");
    SDK_CALLS.put("POST /api/v1/auth/login/mfa", "auth().completeLogin");
    SDK_CALLS.put("POST /api/v1/auth/refresh", "auth().refresh");
    SDK_CALLS.put("POST /api/v1/auth/logout", "auth().logout");
    SDK_CALLS.put("GET /api/v1/auth/me", "auth().me");
    SDK_CALLS.put("GET /api/v1/auth/me/export", "auth().exportMyData");
    SDK_CALLS.put("DELETE /api/v1/auth/me", "auth().eraseMyAccount");
    SDK_CALLS.put("POST /api/v1/auth/password", "auth().changePassword");
    SDK_CALLS.put("POST /api/v1/auth/mfa/totp", "auth().enrollTotp");
    SDK_CALLS.put("POST /api/v1/auth/mfa/totp/confirm", "auth().confirmTotp");
    SDK_CALLS.put("DELETE /api/v1/auth/mfa/totp", "auth().disableTotp");
    // Restaurants, hours, staff
    SDK_CALLS.put("POST /api/v1/restaurants", "restaurants().create");
    SDK_CALLS.put("GET /api/v1/restaurants/me", "restaurants().me");
    SDK_CALLS.put("PATCH /api/v1/restaurants/me", "restaurants().updateSettings");
    SDK_CALLS.put("GET /api/v1/restaurants/{}", "restaurants().get");
    SDK_CALLS.put("GET /api/v1/restaurants/{}/tables/{}/qr.svg", "restaurants().tableQrSvg");
    SDK_CALLS.put("GET /api/v1/restaurants/{}/tables/{}/qr.png", "restaurants().tableQrPng");
    SDK_CALLS.put("PUT /api/v1/restaurants/me/hours", "restaurants().setHours");
    SDK_CALLS.put("POST /api/v1/restaurants/me/staff", "restaurants().addStaff");
    SDK_CALLS.put("GET /api/v1/restaurants/me/staff", "restaurants().listStaff");
    SDK_CALLS.put("PATCH /api/v1/restaurants/me/staff/{}", "restaurants().changeStaffRole");
    SDK_CALLS.put("DELETE /api/v1/restaurants/me/staff/{}", "restaurants().removeStaff");
    // Menu
    SDK_CALLS.put("GET /api/v1/restaurants/me/menu", "restaurants().myMenu");
    SDK_CALLS.put("GET /api/v1/restaurants/{}/menu", "restaurants().menu");
    SDK_CALLS.put("POST /api/v1/restaurants/me/menu/categories", "restaurants().createCategory");
    SDK_CALLS.put(
        "PUT /api/v1/restaurants/me/menu/categories/order", "restaurants().reorderCategories");
    SDK_CALLS.put(
        "PATCH /api/v1/restaurants/me/menu/categories/{}", "restaurants().updateCategory");
    SDK_CALLS.put(
        "DELETE /api/v1/restaurants/me/menu/categories/{}", "restaurants().removeCategory");
    SDK_CALLS.put("POST /api/v1/restaurants/me/menu/items", "restaurants().createMenuItem");
    SDK_CALLS.put("PATCH /api/v1/restaurants/me/menu/items/{}", "restaurants().updateMenuItem");
    SDK_CALLS.put("DELETE /api/v1/restaurants/me/menu/items/{}", "restaurants().removeMenuItem");
    SDK_CALLS.put(
        "PATCH /api/v1/restaurants/me/menu/items/{}/availability",
        "restaurants().updateAvailability");
    SDK_CALLS.put(
        "POST /api/v1/restaurants/me/menu/items/{}/option-groups", "restaurants().addOptionGroup");
    SDK_CALLS.put(
        "DELETE /api/v1/restaurants/me/menu/option-groups/{}", "restaurants().removeOptionGroup");
    SDK_CALLS.put("GET /api/v1/restaurants/me/menu/price-rules", "restaurants().listPriceRules");
    SDK_CALLS.put("POST /api/v1/restaurants/me/menu/price-rules", "restaurants().addPriceRule");
    SDK_CALLS.put(
        "DELETE /api/v1/restaurants/me/menu/price-rules/{}", "restaurants().removePriceRule");
    // Money and figures
    SDK_CALLS.put("GET /api/v1/restaurants/me/settlements", "restaurants().settlements");
    SDK_CALLS.put("GET /api/v1/restaurants/me/analytics", "restaurants().analytics");
    SDK_CALLS.put("POST /api/v1/payments/confirm", "payments().confirm");
    SDK_CALLS.put("GET /api/v1/payments/window", "payments().window");
    // Orders, the guest's and the restaurant's
    SDK_CALLS.put("POST /api/v1/orders", "orders().place");
    SDK_CALLS.put("GET /api/v1/orders/{}", "orders().get");
    SDK_CALLS.put("POST /api/v1/orders/{}/cancel", "orders().cancel");
    SDK_CALLS.put("DELETE /api/v1/orders/{}/customer", "orders().eraseCustomer");
    SDK_CALLS.put("GET /api/v1/restaurants/me/orders", "restaurantOrders().list");
    for (String step : new String[] {"accept", "reject", "start", "ready", "complete", "cancel"}) {
      SDK_CALLS.put("POST /api/v1/restaurants/me/orders/{}/" + step, "restaurantOrders()." + step);
    }
    SDK_CALLS.put("POST /api/v1/restaurants/me/orders/{}/refund", "restaurantOrders().refund");
    SDK_CALLS.put(
        "POST /api/v1/restaurants/me/orders/{}/customer/phone", "restaurantOrders().revealPhone");
    // Administration
    SDK_CALLS.put("POST /api/v1/admin/users/{}/revoke-sessions", "admin().revokeSessions");
    SDK_CALLS.put("GET /api/v1/admin/audit", "admin().audit");
    SDK_CALLS.put("GET /api/v1/admin/audit/verify", "admin().verifyAudit");
    SDK_CALLS.put("GET /api/v1/admin/personal-data-access", "admin().personalDataAccesses");
    SDK_CALLS.put("GET /api/v1/admin/notifications", "admin().notifications");
    SDK_CALLS.put("POST /api/v1/admin/notifications/{}/retry", "admin().retryNotification");
    SDK_CALLS.put("GET /api/v1/admin/analytics", "admin().analytics");
    // Outbound webhook endpoints (OWNER).
    SDK_CALLS.put("POST /api/v1/restaurants/me/webhooks", "webhooks().create");
    SDK_CALLS.put("GET /api/v1/restaurants/me/webhooks", "webhooks().list");
    SDK_CALLS.put("GET /api/v1/restaurants/me/webhooks/{}", "webhooks().get");
    SDK_CALLS.put("DELETE /api/v1/restaurants/me/webhooks/{}", "webhooks().delete");
    SDK_CALLS.put(
        "POST /api/v1/restaurants/me/webhooks/{}/rotate-secret", "webhooks().rotateSecret");
    SDK_CALLS.put("POST /api/v1/restaurants/me/webhooks/{}/enable", "webhooks().enable");
    SDK_CALLS.put("GET /api/v1/restaurants/me/webhooks/{}/deliveries", "webhooks().deliveries");
    SDK_CALLS.put(
        "POST /api/v1/restaurants/me/webhooks/{}/deliveries/{}/replay", "webhooks().replay");
    SDK_CALLS.put("POST /api/v1/restaurants/me/webhooks/{}/replay", "webhooks().replay");
  }

  /**
   * Routes the SDK deliberately has no call for, each with why. Prefixes: every route under one is
   * excluded.
   */
  static final Map<String, String> NOT_FOR_THE_SDK =
      Map.of(
          "/.well-known/",
          "the JWKS is for verifying tokens, read by JWT libraries, not an integrator's call",
          "/api/v1/webhooks/toss",
          "Toss's webhook into the server: Toss calls it, never an integrator",
          "/openapi",
          "the OpenAPI document, for tools (code generators, validators), not an integrator's call",
          "/asyncapi",
          "the AsyncAPI document of the live sockets, for tools, not an integrator's call");

  // The web pages are not API routes: ApiRouting registers them without a prefix, so they are not
  // read here. The live sockets (/ws/...) are client.live(), tested in LiveFeedWithSdkTest.

  private static final Map<String, Class<?>> RESOURCES =
      Map.of(
          "auth()", AuthResource.class,
          "restaurants()", RestaurantsResource.class,
          "orders()", OrdersResource.class,
          "restaurantOrders()", RestaurantOrdersResource.class,
          "payments()", PaymentsResource.class,
          "admin()", AdminResource.class,
          "webhooks()", WebhooksResource.class);

  @Test
  void everyRouteTheServerRegistersHasAnSdkCall() throws IOException {
    Set<String> registered = registeredRoutes();
    Set<String> missing = new TreeSet<>();
    for (String route : registered) {
      if (!SDK_CALLS.containsKey(route) && excludedWhy(route) == null) {
        missing.add(route);
      }
    }
    assertTrue(
        missing.isEmpty(),
        "server routes with no SDK call (add one to the SDK, its README and SDK_CALLS, or an"
            + " exclusion with its reason): "
            + missing);
    Set<String> stale = new TreeSet<>(SDK_CALLS.keySet());
    stale.removeAll(registered);
    assertTrue(stale.isEmpty(), "SDK_CALLS names routes the server does not register: " + stale);
  }

  @Test
  void everySdkCallNamedExistsAndIsInTheReadme() throws IOException {
    String readme = Files.readString(repository().resolve("ordersync-sdk/README.md"));
    for (Map.Entry<String, String> e : SDK_CALLS.entrySet()) {
      String call = e.getValue();
      int dot = call.indexOf(").") + 1;
      Class<?> resource = RESOURCES.get(call.substring(0, dot));
      String name = call.substring(dot + 1);
      boolean exists =
          resource != null
              && Arrays.stream(resource.getMethods())
                  .filter(m -> Modifier.isPublic(m.getModifiers()))
                  .map(Method::getName)
                  .anyMatch(name::equals);
      assertTrue(exists, e.getKey() + ": the SDK has no " + call);
      String section = readmeSection(readme, call.substring(0, dot));
      assertTrue(
          section.contains("`" + name + "(") || section.contains("`" + name + "`"),
          "ordersync-sdk/README.md does not list "
              + call
              + "(...) under client."
              + call.substring(0, dot));
    }
  }

  @Test
  void theRunningServersMethodTableKnowsEveryRouteRead() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.port();
    for (String route : registeredRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path =
          route
              .substring(route.indexOf(' ') + 1)
              .replace("{}", "0193a5c0-0000-7000-8000-000000000001");
      // A method no route takes: the method table answers a known path 405 naming its methods.
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(405, answer.statusCode(), route + ": " + answer.body());
      String allow = answer.headers().firstValue("Allow").orElse("");
      assertTrue(
          Arrays.asList(allow.split(",\\s*")).contains(method),
          route + ": the running server allows only " + allow);
    }
  }

  /** The rows of the README's table under {@code **`client.auth()`**}, up to the next resource. */
  private static String readmeSection(String readme, String resource) {
    int start = readme.indexOf("**`client." + resource + "`**");
    assertTrue(start >= 0, "ordersync-sdk/README.md has no section for client." + resource);
    int end = readme.indexOf("| **`", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static String excludedWhy(String route) {
    String path = route.substring(route.indexOf(' ') + 1);
    return NOT_FOR_THE_SDK.entrySet().stream()
        .filter(e -> path.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  // Reading the server's routing, as EveryRouteEveryRoleTest does.

  private static final Pattern PARAMETER = Pattern.compile("(\\w+Routes)\\s+(\\w+)\\s*[,)]");
  private static final Pattern REGISTER =
      Pattern.compile(
          "\\.register\\(\\s*\"([^\"]*)\"((?:\\s*,\\s*(?:\\w+\\.)?\\w+(?:\\(\\))?)+)\\s*\\)");
  private static final Pattern SERVICE = Pattern.compile("(?:\\w+\\.)?(\\w+)(?:\\(\\))?");
  private static final Pattern RULE =
      Pattern.compile("\\.(get|post|put|patch|delete)\\(\\s*\"(/[^\"]*)\"");

  static Set<String> registeredRoutes() throws IOException {
    Path http = repository().resolve("ordersync-server/src/main/java/dev/ordersync/server/http");
    String routing = Files.readString(http.resolve("ApiRouting.java"));
    Map<String, String> typeOf = new HashMap<>();
    Matcher p = PARAMETER.matcher(routing);
    while (p.find()) {
      typeOf.put(p.group(2), p.group(1));
    }
    Set<String> registered = new TreeSet<>();
    Matcher m = REGISTER.matcher(routing);
    int understood = 0;
    while (m.find()) {
      understood++;
      String prefix = m.group(1);
      Matcher service = SERVICE.matcher(m.group(2));
      while (service.find()) {
        String type = typeOf.get(service.group(1));
        if (type == null) {
          fail("ApiRouting registers " + service.group() + ", whose type this test cannot tell");
        }
        Matcher rule = RULE.matcher(Files.readString(http.resolve(type + ".java")));
        while (rule.find()) {
          String path = rule.group(2).equals("/") ? prefix : prefix + rule.group(2);
          registered.add(
              rule.group(1).toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{[^}]*}", "{}"));
        }
      }
    }
    assertEquals(
        routing.split("\\.register\\(", -1).length - 1,
        understood,
        "every .register(...) of ApiRouting is read by this test");
    assertFalse(registered.isEmpty(), "no routes found under " + http);
    return registered;
  }

  private static Path repository() {
    return Stream.of(Path.of(".."), Path.of("."))
        .filter(d -> Files.isDirectory(d.resolve("ordersync-sdk")))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("run from the repository or a module"));
  }
}
