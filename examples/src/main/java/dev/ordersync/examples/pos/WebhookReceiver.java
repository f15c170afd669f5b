package dev.ordersync.examples.pos;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ordersync.sdk.SignatureVerificationException;
import dev.ordersync.sdk.Webhooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Receives OrderSync's webhooks on {@code POST /webhooks}: each delivery's {@code
 * OrderSync-Signature} is checked with {@link Webhooks#verify} (400 when it does not verify or is
 * too old), and a delivery whose event id was already handled is answered 200 and not handled again
 * (deliveries are retried, so the same event may come twice). The handler runs once per event; if
 * it throws, the answer is 500 and OrderSync delivers the event again later.
 *
 * <pre>{@code
 * try (WebhookReceiver receiver = WebhookReceiver.start(8090, secret, event ->
 *     System.out.println(event.type() + " " + event.id()))) { ... }
 * }</pre>
 *
 * <p>The ids seen are kept in memory (the last {@value #REMEMBERED}); a receiver that must not
 * handle an event twice across restarts keeps them in its own database.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** How many event ids are remembered for de-duplication. */
  public static final int REMEMBERED = 10_000;

  private static final int MAX_BODY = 1 << 20;
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One event as delivered: {@code {id, type, created_at, data}}.
   *
   * @param data the event's object (the order, for order events) as plain Java values
   */
  public record Event(String id, String type, Instant createdAt, Map<String, Object> data) {}

  private final HttpServer server;
  private final String secret;
  private final Duration tolerance;
  private final Consumer<Event> handler;
  private final Set<String> seen = new LinkedHashSet<>();

  private WebhookReceiver(
      HttpServer server, String secret, Duration tolerance, Consumer<Event> handler) {
    this.server = server;
    this.secret = secret;
    this.tolerance = tolerance;
    this.handler = handler;
  }

  /** Listens on {@code port} (0 for any free one) of every interface. */
  public static WebhookReceiver start(int port, String secret, Consumer<Event> handler)
      throws IOException {
    return start(new InetSocketAddress(port), secret, Webhooks.DEFAULT_TOLERANCE, handler);
  }

  public static WebhookReceiver start(
      InetSocketAddress address, String secret, Duration tolerance, Consumer<Event> handler)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    WebhookReceiver receiver =
        new WebhookReceiver(
            server,
            Objects.requireNonNull(secret, "secret"),
            Objects.requireNonNull(tolerance, "tolerance"),
            Objects.requireNonNull(handler, "handler"));
    server.createContext("/webhooks", receiver::exchange);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    return receiver;
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The endpoint's URL on this machine, to register with OrderSync in development. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port() + "/webhooks");
  }

  private void exchange(HttpExchange http) throws IOException {
    try (http) {
      if (!"POST".equals(http.getRequestMethod())) {
        http.getResponseHeaders().set("Allow", "POST");
        answer(http, 405, "POST only");
        return;
      }
      byte[] body = read(http.getRequestBody());
      if (body == null) {
        answer(http, 413, "body too large");
        return;
      }
      try {
        Webhooks.verify(
            body, http.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER), secret, tolerance);
      } catch (SignatureVerificationException e) {
        answer(http, 400, "signature refused: " + e.getMessage());
        return;
      }
      Event event;
      try {
        event = event(body);
      } catch (IOException | RuntimeException e) {
        answer(http, 400, "not an OrderSync event");
        return;
      }
      if (!firstTime(event.id())) {
        answer(http, 200, "duplicate ignored");
        return;
      }
      try {
        handler.accept(event);
      } catch (RuntimeException e) {
        forget(event.id());
        answer(http, 500, "the handler failed; deliver again");
        return;
      }
      answer(http, 200, "ok");
    }
  }

  private synchronized boolean firstTime(String id) {
    if (!seen.add(id)) {
      return false;
    }
    if (seen.size() > REMEMBERED) {
      seen.remove(seen.iterator().next());
    }
    return true;
  }

  private synchronized void forget(String id) {
    seen.remove(id);
  }

  @SuppressWarnings("unchecked")
  private static Event event(byte[] body) throws IOException {
    Map<String, Object> json = JSON.readValue(body, LinkedHashMap.class);
    Object id = json.get("id");
    if (!(id instanceof String s) || s.isBlank()) {
      throw new IOException("no event id");
    }
    Object type = json.get("type");
    Object created = json.get("created_at");
    Object data = json.get("data");
    return new Event(
        s,
        type == null ? null : type.toString(),
        created == null ? null : Instant.parse(created.toString()),
        data instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
  }

  private static byte[] read(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    return body.length > MAX_BODY ? null : body;
  }

  private static void answer(HttpExchange http, int status, String text) throws IOException {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    http.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    http.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = http.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    if (server.getExecutor() instanceof java.util.concurrent.ExecutorService pool) {
      pool.shutdownNow();
    }
  }
}
