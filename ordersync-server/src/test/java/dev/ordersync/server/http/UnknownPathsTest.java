package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ordersync.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A path that names nothing is 404 wherever it is: a problem for API clients, a line of text for
 * anyone else, and never more than a FINE log line (it used to be 500 {@code internal_error} with a
 * SEVERE stack trace for every browser's {@code /favicon.ico}).
 */
class UnknownPathsTest {
  private static final List<String> OUTSIDE_THE_API =
      // (/openapi is served now: GET /openapi is the OpenAPI document; /swagger.json is not.)
      List.of("/favicon.ico", "/health", "/metrics", "/swagger.json", "/", "/ws/orders");
  private static final ObjectMapper JSON = new ObjectMapper();

  static TestServer server;
  final HttpClient http = HttpClient.newHttpClient();
  final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  // Held here so that the levels set on them are not lost to garbage collection.
  final Logger root = Logger.getLogger("");
  final Logger ours = Logger.getLogger("dev.ordersync");
  Level oursBefore;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void captureLogs() {
    oursBefore = ours.getLevel();
    ours.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    root.removeHandler(capture);
    ours.setLevel(oursBefore);
  }

  @Test
  void anUnknownApiPathIsAProblem() {
    for (String path : List.of("/api/v1/nope", "/api/v2/orders", "/api")) {
      HttpResponse<String> r = get(path, null);
      assertProblem(r, path);
    }
    assertLoggedAtMostFine();
  }

  @Test
  void anUnknownPathOutsideTheApiIsAShortTextForBrowsersAndScripts() {
    for (String path : OUTSIDE_THE_API) {
      for (String accept : new String[] {null, "text/html,application/xhtml+xml,*/*;q=0.8"}) {
        HttpResponse<String> r = get(path, accept);
        assertEquals(404, r.statusCode(), path + " " + r.body());
        assertEquals(
            "text/plain; charset=UTF-8", r.headers().firstValue("Content-Type").orElse(null), path);
        assertEquals("Not found\n", r.body(), path);
        assertNotNull(r.headers().firstValue("X-Request-Id").orElse(null), path);
      }
    }
    assertLoggedAtMostFine();
  }

  @Test
  void anUnknownPathOutsideTheApiIsAProblemForAClientThatAsksForJson() {
    for (String path : OUTSIDE_THE_API) {
      assertProblem(get(path, "application/json"), path);
      assertProblem(get(path, "application/problem+json"), path);
    }
    assertLoggedAtMostFine();
  }

  @Test
  void aMethodNoRouteTakesIsNotFoundToo() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri("/favicon.ico"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, r.statusCode(), r.body());
    // A known path asked with another method is 405 with Allow now (HostileRequestsTest); it is
    // logged no louder than an unknown path.
    HttpResponse<String> known =
        http.send(
            HttpRequest.newBuilder(uri("/api/v1/auth/login")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(405, known.statusCode(), known.body());
    assertEquals("POST", known.headers().firstValue("Allow").orElse(null));
    assertEquals(
        "application/problem+json", known.headers().firstValue("Content-Type").orElse(null));
    assertLoggedAtMostFine();
  }

  @Test
  void theObservedEndpointsStillAnswer() {
    assertEquals(200, get("/observe/health", null).statusCode());
  }

  private static void assertProblem(HttpResponse<String> r, String what) {
    assertEquals(404, r.statusCode(), what + " " + r.body());
    assertEquals(
        "application/problem+json", r.headers().firstValue("Content-Type").orElse(null), what);
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(what + ": not JSON: " + r.body(), e);
    }
    assertEquals("not_found", body.path("code").asText(), what);
    assertEquals("https://ordersync.dev/problems/not-found", body.path("type").asText(), what);
    assertEquals(404, body.path("status").asInt(), what);
    assertEquals(
        r.headers().firstValue("X-Request-Id").orElse("none"),
        body.path("request_id").asText(),
        what);
  }

  /**
   * Nothing at WARNING or above from anyone (SEVERE least of all), and nothing above FINE from
   * OrderSync's own loggers.
   */
  private void assertLoggedAtMostFine() {
    for (LogRecord r : logged) {
      String where = r.getLoggerName() + " " + r.getLevel() + ": " + r.getMessage();
      assertTrue(r.getLevel().intValue() < Level.SEVERE.intValue(), "a SEVERE record: " + where);
      assertTrue(r.getLevel().intValue() < Level.WARNING.intValue(), "a warning: " + where);
      if (r.getLoggerName() != null && r.getLoggerName().startsWith("dev.ordersync")) {
        assertTrue(r.getLevel().intValue() <= Level.FINE.intValue(), "above FINE: " + where);
      }
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> get(String path, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (accept != null) {
      b.header("Accept", accept);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
