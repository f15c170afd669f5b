package dev.ordersync.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in OrderSync server on 127.0.0.1: answers each request with the next queued reply and
 * records what it was sent. A request with nothing queued gets 599, so a test that sends more than
 * it expects fails loudly.
 */
final class FakeServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as it arrived. */
  record Recorded(String method, String path, String rawQuery, Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private record Reply(
      int status, String body, String contentType, List<String> headers, Duration delay) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
  private final List<Recorded> requests = new ArrayList<>();

  private FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static FakeServer start() {
    try {
      return new FakeServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A client for this server that retries quickly. */
  OrderSyncClient.Builder client() {
    return OrderSyncClient.builder()
        .baseUri(uri())
        .accessToken("test-token")
        .retryDelays(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  /**
   * Queues a JSON reply; {@code headers} are name, value pairs. An X-Request-Id is added unless
   * given.
   */
  FakeServer reply(int status, String json, String... headers) {
    replies.add(new Reply(status, json, "application/json", List.of(headers), Duration.ZERO));
    return this;
  }

  /** Queues an RFC 9457 problem reply. */
  FakeServer problem(int status, String code, String detail, String... headers) {
    String body =
        """
        {"type":"https://ordersync.dev/problems/%s","title":"%s","status":%d,"detail":"%s","code":"%s"}"""
            .formatted(code.replace('_', '-'), code, status, detail, code);
    replies.add(
        new Reply(status, body, "application/problem+json", List.of(headers), Duration.ZERO));
    return this;
  }

  /** Queues a raw reply: any content type, any body. */
  FakeServer raw(int status, String contentType, String body, String... headers) {
    replies.add(new Reply(status, body, contentType, List.of(headers), Duration.ZERO));
    return this;
  }

  /**
   * Queues a broken exchange: the server reads the request, then drops the connection without
   * answering.
   */
  FakeServer hangUp() {
    replies.add(new Reply(-1, null, null, List.of(), Duration.ZERO));
    return this;
  }

  /** Queues a reply that comes only after {@code delay}. */
  FakeServer slowReply(Duration delay, int status, String json) {
    replies.add(new Reply(status, json, "application/json", List.of(), delay));
    return this;
  }

  synchronized List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** The one request the server got; fails if it got more or none. */
  Recorded onlyRequest() {
    List<Recorded> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + all.size() + ": " + all);
    }
    return all.getFirst();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      synchronized (this) {
        requests.add(
            new Recorded(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(),
                body));
      }
      Reply reply = replies.poll();
      if (reply == null) {
        reply =
            new Reply(
                599,
                "{\"detail\":\"no reply queued\"}",
                "application/json",
                List.of(),
                Duration.ZERO);
      }
      if (reply.status() == -1) {
        throw new IOException("hanging up on purpose");
      }
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      Headers out = exchange.getResponseHeaders();
      out.set("Content-Type", reply.contentType());
      out.set("X-Request-Id", "req-" + requests().size());
      for (int i = 0; i + 1 < reply.headers().size(); i += 2) {
        out.set(reply.headers().get(i), reply.headers().get(i + 1));
      }
      byte[] bytes =
          reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
