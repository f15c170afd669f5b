package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ordersync.server.Api;
import dev.ordersync.server.OpenApiContract;
import dev.ordersync.server.RunningServer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI document cannot drift from the server: it lists exactly the routes the server
 * registers (as the server's own route table records them), an independent OpenAPI parser
 * (swagger-parser) reads the served document without a single message, and requests built from the
 * document's own examples get the status the document promises. (That every answer matches its
 * schema is checked by {@link Api} on every call of every test.)
 */
class OpenApiDocumentTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDocumentListsEveryRouteTheServerRegistersAndNoOther() {
    Set<String> registered = new TreeSet<>();
    Set<String> recorded = server.testServer().orderSync().routes();
    for (String route : recorded) {
      String method = route.substring(0, route.indexOf(' '));
      String raw = route.substring(route.indexOf(' ') + 1);
      String template = normalized(raw);
      // HEAD is answered wherever GET is; the document lists the GET.
      if (method.equals("HEAD") && recorded.contains("GET " + raw)) {
        continue;
      }
      registered.add(method + " " + template);
    }
    assertFalse(registered.isEmpty(), "the server recorded no routes");
    Set<String> documented = new TreeSet<>();
    JsonNode paths = OpenApiContract.get().document().path("paths");
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      for (String method : Set.of("get", "put", "post", "delete", "patch", "head", "options")) {
        if (paths.path(path).has(method)) {
          documented.add(method.toUpperCase(Locale.ROOT) + " " + normalized(path));
        }
      }
    }
    Set<String> missing = new TreeSet<>(registered);
    missing.removeAll(documented);
    Set<String> absent = new TreeSet<>(documented);
    absent.removeAll(registered);
    assertTrue(
        missing.isEmpty(), "routes the server registers that openapi.yaml lacks: " + missing);
    assertTrue(absent.isEmpty(), "routes openapi.yaml lists that the server lacks: " + absent);
  }

  /** {@code /a/{id}/b/{userId}} and {@code /a/*} compare by shape, not by parameter name. */
  private static String normalized(String template) {
    return template.replaceAll("\\{[^}]*}", "{}").replaceAll("/\\*$", "/{}");
  }

  @Test
  void openApiIsServedAsYamlAndAsJsonWhenAskedFor() throws Exception {
    HttpResponse<String> yaml = fetch("/openapi", null);
    assertEquals(200, yaml.statusCode());
    assertTrue(
        yaml.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"),
        yaml.headers().toString());
    HttpResponse<String> json = fetch("/openapi", "application/json");
    assertEquals(200, json.statusCode());
    assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(null));
    assertEquals(new YAMLMapper().readTree(yaml.body()), JSON.readTree(json.body()));
    assertEquals(
        OpenApiContract.get().document(),
        JSON.readTree(json.body()),
        "the served document is the file in the sources");
    assertEquals("3.1.0", JSON.readTree(json.body()).path("openapi").asText());
  }

  @Test
  void asyncApiIsServedTheSameWay() throws Exception {
    HttpResponse<String> yaml = fetch("/asyncapi", "application/yaml");
    assertEquals(200, yaml.statusCode());
    assertTrue(yaml.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
    HttpResponse<String> json = fetch("/asyncapi", "application/json");
    assertEquals(200, json.statusCode());
    assertEquals(new YAMLMapper().readTree(yaml.body()), JSON.readTree(json.body()));
    assertTrue(JSON.readTree(json.body()).path("asyncapi").asText().startsWith("3."));
  }

  @Test
  void anIndependentParserReadsTheServedDocumentWithoutAMessage() throws Exception {
    for (String accept : new String[] {null, "application/json"}) {
      SwaggerParseResult result = parse(fetch("/openapi", accept).body(), false);
      assertEquals(java.util.List.of(), result.getMessages(), "as " + accept);
      assertNotNull(result.getOpenAPI());
      assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
    }
  }

  /**
   * The document's examples, sent as they are (ids filled in where an example can only show a
   * placeholder), are answered with the first success status the document lists.
   */
  @Test
  void requestsBuiltFromTheDocumentsExamplesGetTheDocumentedStatus() throws Exception {
    OpenAPI doc = parse(fetch("/openapi", "application/json").body(), true).getOpenAPI();
    Api api = server.api();

    send(api, doc, "POST", "/api/v1/auth/register", null, null);
    String first = send(api, doc, "POST", "/api/v1/auth/login", null, null).text("access_token");
    String restaurant = send(api, doc, "POST", "/api/v1/restaurants", null, first).text("id");
    String token = send(api, doc, "POST", "/api/v1/auth/login", null, null).text("access_token");
    send(api, doc, "POST", "/api/v1/restaurants/me/menu/categories", null, token);
    String item =
        send(api, doc, "POST", "/api/v1/restaurants/me/menu/items", null, token).text("id");
    String order = example(doc, "POST", "/api/v1/orders");
    String placed =
        send(
                api,
                doc,
                "POST",
                "/api/v1/orders",
                order
                    .replace("0193a1b2-0000-7000-8000-000000000001", restaurant)
                    .replace("0193a1b2-0000-7000-8000-000000000002", item),
                null)
            .text("id");
    send(api, doc, "POST", "/api/v1/restaurants/me/orders/{id}/accept", null, token, placed);
    send(
        api,
        doc,
        "POST",
        "/api/v1/restaurants/me/menu/items/{id}/option-groups",
        null,
        token,
        item);
    send(api, doc, "POST", "/api/v1/restaurants/me/menu/price-rules", null, token);
    send(
        api,
        doc,
        "PATCH",
        "/api/v1/restaurants/me/menu/items/{id}/availability",
        null,
        token,
        item);
    send(api, doc, "PATCH", "/api/v1/restaurants/me", null, token);
    send(api, doc, "PUT", "/api/v1/restaurants/me/hours", null, token);
    send(api, doc, "POST", "/api/v1/restaurants/me/staff", null, token);
  }

  /** Sends the operation's example body (or {@code body}) and checks the documented status. */
  private static Api.Response send(
      Api api,
      OpenAPI doc,
      String method,
      String template,
      String body,
      String token,
      String... ids) {
    String path = template;
    for (String id : ids) {
      path = path.replaceFirst("\\{[^}]*}", id);
    }
    String sent = body != null ? body : example(doc, method, template);
    Api.Response r = api.send(method, path, sent, token, null, null);
    int expected = firstSuccess(operation(doc, method, template));
    assertEquals(expected, r.status(), method + " " + path + " " + sent + " -> " + r);
    return r;
  }

  private static String example(OpenAPI doc, String method, String template) {
    Operation op = operation(doc, method, template);
    assertNotNull(op.getRequestBody(), method + " " + template + " has no request body");
    Object example = op.getRequestBody().getContent().get("application/json").getExample();
    assertNotNull(example, method + " " + template + " has no example");
    try {
      return io.swagger.v3.core.util.Json31.mapper().writeValueAsString(example);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Operation operation(OpenAPI doc, String method, String template) {
    PathItem item = doc.getPaths().get(template);
    assertNotNull(item, template + " is not in the document");
    Operation op = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
    assertNotNull(op, method + " " + template + " is not in the document");
    return op;
  }

  private static int firstSuccess(Operation op) {
    return op.getResponses().keySet().stream()
        .filter(s -> s.startsWith("2"))
        .mapToInt(Integer::parseInt)
        .min()
        .orElseThrow();
  }

  private static SwaggerParseResult parse(String text, boolean resolveFully) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(resolveFully);
    return new OpenAPIV3Parser().readContents(text, null, options);
  }

  private static HttpResponse<String> fetch(String path, String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.testServer().port() + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
