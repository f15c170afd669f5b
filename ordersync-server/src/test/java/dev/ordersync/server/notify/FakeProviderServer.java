package dev.ordersync.server.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What FakeAligo and FakeSendGrid share: a real HTTP server on 127.0.0.1 that can go down and come
 * back on the same port, and a queue of scripted faults, each used by the next request.
 */
abstract class FakeProviderServer implements AutoCloseable {
  /** An answer: status, headers, body. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    static Answer json(int status, String json) {
      return new Answer(
          status,
          Map.of("Content-Type", "application/json; charset=utf-8"),
          json.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A scripted behaviour of the next request. */
  sealed interface Fault {}

  /** Answer this instead of handling the request (nothing is recorded). */
  record Canned(Answer answer) implements Fault {}

  /** Wait, then handle the request as usual (the provider is slow to take it). */
  record Slow(Duration delay) implements Fault {}

  /** Handle the request (and record an accepted message) at once, but answer only after delay. */
  record AcceptThenHang(Duration delay) implements Fault {}

  /**
   * Handle the request (and record an accepted message), send the answer's headers and half its
   * body, then stall for delay before the rest.
   */
  record StallBody(Duration delay) implements Fault {}

  private final String context;
  private final int port;
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> traceparents = new ConcurrentLinkedQueue<>();
  private HttpServer server;
  private ExecutorService executor;

  FakeProviderServer(String context) {
    this.context = context;
    try {
      this.port = bind(0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake " + getClass().getSimpleName(), e);
    }
  }

  private synchronized int bind(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext(context, this::exchange);
    server.start();
    return server.getAddress().getPort();
  }

  /** Where the fake listens: http://127.0.0.1:port (the same after {@link #down}, {@link #up}). */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Stops listening and drops every connection (requests in flight get no answer). */
  public synchronized void down() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  /** Listens again on the same port. */
  public synchronized void up() {
    if (server == null) {
      try {
        bind(port);
      } catch (IOException e) {
        throw new IllegalStateException("cannot listen on port " + port + " again", e);
      }
    }
  }

  public synchronized boolean isUp() {
    return server != null;
  }

  /** The next request gets this answer and is not handled. */
  public void answerNext(int status, Map<String, String> headers, String body) {
    faults.add(new Canned(new Answer(status, headers, body.getBytes(StandardCharsets.UTF_8))));
  }

  /** The next request is handled only after {@code delay}. */
  public void slowNext(Duration delay) {
    faults.add(new Slow(delay));
  }

  /** The next request is handled (its message recorded) at once, its answer sent after delay. */
  public void acceptThenHangNext(Duration delay) {
    faults.add(new AcceptThenHang(delay));
  }

  /** The next request is handled, and its answer stalls after the headers for {@code delay}. */
  public void stallBodyNext(Duration delay) {
    faults.add(new StallBody(delay));
  }

  void script(Fault fault) {
    faults.add(fault);
  }

  /** The W3C {@code traceparent} of every request that carried one, in order. */
  public List<String> traceparents() {
    return List.copyOf(traceparents);
  }

  /** Handles one request: the provider's validation, recording, and answer. */
  abstract Answer handle(String method, String path, Map<String, String> headers, byte[] body);

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, String> headers = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
        headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().getFirst());
      }
      if (headers.containsKey("traceparent")) {
        traceparents.add(headers.get("traceparent"));
      }
      Fault fault = faults.poll();
      Answer answer;
      if (fault instanceof Canned c) {
        answer = c.answer();
      } else {
        if (fault instanceof Slow s) {
          sleep(s.delay());
        }
        answer = handle(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), headers, body);
        if (fault instanceof AcceptThenHang h) {
          sleep(h.delay());
        }
      }
      answer.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      if (fault instanceof StallBody s && answer.body().length > 1) {
        ex.sendResponseHeaders(answer.status(), answer.body().length);
        OutputStream out = ex.getResponseBody();
        int half = answer.body().length / 2;
        out.write(answer.body(), 0, half);
        out.flush();
        sleep(s.delay());
        out.write(answer.body(), half, answer.body().length - half);
        out.close();
        return;
      }
      ex.sendResponseHeaders(
          answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
      if (answer.body().length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(answer.body());
        }
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    down();
  }
}
