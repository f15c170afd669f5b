package dev.ordersync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ordersync.server.json.Json;
import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi} and {@code GET /asyncapi}: one hand-written YAML document of the API each
 * (decision 99), served as written ({@code application/yaml}), or as JSON to a client that asks for
 * {@code application/json}. The YAML file in the jar is the only source: the JSON form is converted
 * from it once, at start.
 */
public final class ApiDocumentRoutes implements HttpService {
  /** The OpenAPI 3.1 document of the HTTP API, in the jar. */
  public static final String OPENAPI = "openapi/openapi.yaml";

  /** The AsyncAPI 3 document of the live sockets, in the jar. */
  public static final String ASYNCAPI = "openapi/asyncapi.yaml";

  private static final MediaType YAML = MediaTypes.create("application", "yaml");

  private final byte[] yaml;
  private final byte[] json;

  private ApiDocumentRoutes(byte[] yaml) {
    this.yaml = yaml;
    try {
      JsonNode tree = new YAMLMapper().readTree(yaml);
      this.json = Json.bytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException("the API document is not valid YAML", e);
    }
  }

  /**
   * The document at {@code resource} on the class path (one of {@link #OPENAPI}, {@link
   * #ASYNCAPI}).
   */
  public static ApiDocumentRoutes of(String resource) {
    try (InputStream in = ApiDocumentRoutes.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + resource);
      }
      return new ApiDocumentRoutes(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::document);
  }

  /** Public: the document describes the API, it holds nothing of anybody's. */
  private void document(ServerRequest req, ServerResponse res) {
    boolean asJson =
        req.headers()
            .bestAccepted(YAML, MediaTypes.APPLICATION_JSON)
            .map(MediaTypes.APPLICATION_JSON::equals)
            .orElse(false);
    res.header(HeaderNames.VARY, "Accept");
    res.header(HeaderNames.CACHE_CONTROL, "public, max-age=300");
    res.status(Status.OK_200);
    if (asJson) {
      res.header(HeaderNames.CONTENT_TYPE, "application/json");
      res.send(json);
    } else {
      res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=utf-8");
      res.send(yaml);
    }
  }
}
