package dev.ordersync.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document (src/main/resources/openapi/openapi.yaml) as a contract for answers: {@link
 * #check} validates one answer of the server against the schema the document gives its route and
 * status, with networknt's JSON Schema validator (draft 2020-12, the dialect of OpenAPI 3.1). Every
 * answer {@link Api} receives goes through it, so the whole server suite checks the document.
 */
public final class OpenApiContract {
  /** The URI the document is known by to the validator; its {@code $ref}s resolve inside it. */
  private static final String BASE = "https://ordersync.dev/openapi.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Statuses any route may answer whatever it lists (filters and framing before the route). */
  private static final Map<Integer, String> ANY_ROUTE =
      Map.of(
          400, "BadRequest",
          401, "Unauthorized",
          405, "MethodNotAllowed",
          413, "TooLarge",
          415, "UnsupportedMediaType",
          429, "TooManyRequests",
          500, "InternalError",
          503, "Unavailable");

  private static final OpenApiContract INSTANCE = load();

  private final JsonNode document;
  private final SchemaRegistry schemas;
  private final List<Template> templates = new ArrayList<>();
  private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

  /** What the tests have received that the document does not allow, for the record. */
  private static final List<String> VIOLATIONS = Collections.synchronizedList(new ArrayList<>());

  private record Template(String path, Pattern pattern, int parameters) {}

  private OpenApiContract(JsonNode document) {
    this.document = document;
    String text = document.toString();
    this.schemas =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(BASE, text)));
    for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
      String path = it.next();
      StringBuilder regex = new StringBuilder();
      int parameters = 0;
      for (String part : path.split("(?=\\{)|(?<=})")) {
        if (part.startsWith("{")) {
          regex.append("[^/]+");
          parameters++;
        } else {
          regex.append(Pattern.quote(part));
        }
      }
      templates.add(new Template(path, Pattern.compile(regex.toString()), parameters));
    }
    // A literal segment wins over a parameter (/restaurants/me over /restaurants/{id}).
    templates.sort(java.util.Comparator.comparingInt(Template::parameters));
  }

  public static OpenApiContract get() {
    return INSTANCE;
  }

  /** The document as a tree. */
  public JsonNode document() {
    return document;
  }

  /** Every violation seen so far in this JVM. */
  public static List<String> violations() {
    synchronized (VIOLATIONS) {
      return List.copyOf(VIOLATIONS);
    }
  }

  private static OpenApiContract load() {
    try (InputStream in =
        OpenApiContract.class.getClassLoader().getResourceAsStream("openapi/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi/openapi.yaml is not on the class path");
      }
      return new OpenApiContract(new YAMLMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documented path template {@code path} (without its query) falls under, if any. */
  public Optional<String> template(String path) {
    for (Template t : templates) {
      if (t.pattern().matcher(path).matches()) {
        return Optional.of(t.path());
      }
    }
    return Optional.empty();
  }

  /**
   * What is wrong with this answer according to the document (empty: nothing, or nothing the
   * document speaks about: a path it does not list, a body that is not JSON).
   */
  public List<String> check(
      String method, String pathAndQuery, int status, String contentType, String body) {
    String path = pathAndQuery.split("\\?", 2)[0];
    Optional<String> template = template(path);
    if (template.isEmpty()) {
      return List.of();
    }
    String where = method + " " + template.get() + " -> " + status;
    String pathPointer = "/paths/" + escape(template.get());
    JsonNode operation = document.at(pathPointer).path(method.toLowerCase(Locale.ROOT));
    String responsePointer;
    if (operation.isMissingNode()) {
      if (status != 405 && !method.equals("HEAD") && !method.equals("OPTIONS")) {
        return List.of(where + ": the document has no " + method + " here, the server answered");
      }
      responsePointer = "/components/responses/MethodNotAllowed";
    } else if (operation.path("responses").has(String.valueOf(status))) {
      responsePointer =
          pathPointer + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
    } else if (ANY_ROUTE.containsKey(status) || status == 404) {
      responsePointer =
          "/components/responses/" + (status == 404 ? "NotFound" : ANY_ROUTE.get(status));
    } else {
      return List.of(where + ": the document does not list this status for the route");
    }
    JsonNode response = document.at(responsePointer);
    while (response.has("$ref")) {
      responsePointer = response.get("$ref").asText().substring(1);
      response = document.at(responsePointer);
    }
    if (contentType == null || body == null || body.isEmpty()) {
      return List.of();
    }
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!media.endsWith("json")) {
      return List.of();
    }
    JsonNode content = response.path("content");
    if (!content.has(media)) {
      return List.of(where + ": the document gives no " + media + " body for this answer");
    }
    String schemaPointer = responsePointer + "/content/" + escape(media) + "/schema";
    Schema schema =
        compiled.computeIfAbsent(
            schemaPointer, p -> schemas.getSchema(SchemaLocation.of(BASE + "#" + p)));
    List<Error> errors = schema.validate(body, InputFormat.JSON);
    if (errors.isEmpty()) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    for (Error e : errors) {
      found.add(where + ": " + e.getInstanceLocation() + " " + e.getMessage());
    }
    return found;
  }

  /**
   * {@link #check}, and an {@link AssertionError} naming every mismatch (also kept in {@link
   * #violations()}).
   */
  public void verify(
      String method, String pathAndQuery, int status, String contentType, String body) {
    List<String> found = check(method, pathAndQuery, status, contentType, body);
    if (!found.isEmpty()) {
      VIOLATIONS.addAll(found);
      throw new AssertionError(
          "the answer does not match openapi.yaml:\n  "
              + String.join("\n  ", found)
              + "\nbody: "
              + abbreviated(body));
    }
  }

  private static String abbreviated(String body) {
    return body == null || body.length() <= 2000 ? body : body.substring(0, 2000) + "...";
  }

  /** A JSON pointer token (RFC 6901). */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** Parses JSON text (for tests of this class). */
  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }
}
