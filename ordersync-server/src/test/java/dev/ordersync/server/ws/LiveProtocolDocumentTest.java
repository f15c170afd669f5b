package dev.ordersync.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ordersync.server.http.ApiDocumentRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document (asyncapi.yaml, served at GET /asyncapi) names every close code and every
 * message type the live code uses, read from the code itself: the constants of {@link CloseCodes},
 * the codes the socket classes close with, and the {@code type} strings the server's live messages
 * carry.
 */
class LiveProtocolDocumentTest {
  private static final Path MAIN = Path.of("src/main/java/dev/ordersync/server");

  /** The sources that write live messages: the sockets, the live fan-out, the JSON views. */
  private static final List<Path> LIVE_SOURCES =
      List.of(
          MAIN.resolve("ws"),
          MAIN.resolve("live"),
          MAIN.resolve("json"),
          MAIN.resolve("MenuChangesLive.java"));

  /** {@code close(1011, ...)}, {@code closeQuietly(1000, ...)}: a code given as a number. */
  private static final Pattern CLOSE_LITERAL =
      Pattern.compile("\\bclose(?:Quietly)?\\(\\s*(\\d{4})\\s*,");

  /** {@code "order.paid"}, {@code "menu.ready"}: a dotted message type. */
  private static final Pattern DOTTED_TYPE = Pattern.compile("\"((?:order|menu)\\.[a-z_]+)\"");

  /** {@code {\"type\":\"menu.changed\"}}: a type inside a JSON text literal. */
  private static final Pattern JSON_TYPE =
      Pattern.compile("\\\\\"type\\\\\":\\s*\\\\\"([a-z._]+)\\\\\"");

  /**
   * {@code new OrderSnapshot("snapshot", ...)}: a message record whose first component is its type.
   */
  private static final Pattern RECORD_TYPE =
      Pattern.compile("new (?:\\w+Snapshot|Notice)\\(\\s*\"([a-z._]+)\"");

  private static JsonNode document() throws IOException {
    try (InputStream in =
        ApiDocumentRoutes.class.getClassLoader().getResourceAsStream(ApiDocumentRoutes.ASYNCAPI)) {
      return new YAMLMapper().readTree(in);
    }
  }

  @Test
  void everyCloseCodeTheCodeUsesIsDocumented() throws Exception {
    Set<Integer> used = new TreeSet<>();
    for (Field f : CloseCodes.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
        f.setAccessible(true);
        used.add(f.getInt(null));
      }
    }
    assertTrue(used.contains(4401), "CloseCodes read: " + used);
    for (String source : sources()) {
      Matcher m = CLOSE_LITERAL.matcher(source);
      while (m.find()) {
        used.add(Integer.parseInt(m.group(1)));
      }
    }
    JsonNode doc = document();
    Set<Integer> documented = new TreeSet<>();
    doc.path("components")
        .path("x-close-codes")
        .fieldNames()
        .forEachRemaining(c -> documented.add(Integer.parseInt(c)));
    Set<Integer> missing = new TreeSet<>(used);
    missing.removeAll(documented);
    assertTrue(missing.isEmpty(), "close codes the code uses that asyncapi.yaml lacks: " + missing);
    Set<Integer> onChannels = new TreeSet<>();
    doc.path("channels")
        .forEach(c -> c.path("x-close-codes").forEach(n -> onChannels.add(n.asInt())));
    assertEquals(documented, onChannels, "every documented close code is used by some channel");
  }

  @Test
  void everyMessageTypeTheServerSendsIsDocumented() throws Exception {
    Set<String> sent = new TreeSet<>();
    for (String source : sources()) {
      for (Pattern p : List.of(DOTTED_TYPE, JSON_TYPE, RECORD_TYPE)) {
        Matcher m = p.matcher(source);
        while (m.find()) {
          sent.add(m.group(1));
        }
      }
    }
    assertTrue(
        sent.containsAll(
            Set.of("snapshot", "reload", "order.created", "menu.ready", "menu.changed")),
        "the sources read: " + sent);
    Set<String> documented = new TreeSet<>();
    for (Iterator<JsonNode> it = document().path("components").path("messages").elements();
        it.hasNext(); ) {
      JsonNode type = it.next().path("payload").path("properties").path("type");
      if (type.has("const")) {
        documented.add(type.get("const").asText());
      }
      type.path("enum").forEach(e -> documented.add(e.asText()));
    }
    Set<String> missing = new TreeSet<>(sent);
    missing.removeAll(documented);
    assertTrue(
        missing.isEmpty(), "message types the code sends that asyncapi.yaml lacks: " + missing);
    assertFalse(documented.isEmpty());
  }

  private static List<String> sources() throws IOException {
    List<String> texts = new java.util.ArrayList<>();
    for (Path root : LIVE_SOURCES) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          texts.add(Files.readString(f));
        }
      }
    }
    assertFalse(texts.isEmpty(), "no sources under " + MAIN.toAbsolutePath());
    return texts;
  }
}
