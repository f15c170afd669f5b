package dev.ordersync.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that is not the project's own (the JDK's), for following live endpoints in
 * tests: it keeps every text message and the close code the server sent.
 */
public final class LiveClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private LiveClient(URI uri, String bearer) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    this.socket = builder.buildAsync(uri, new Listener()).join();
  }

  /** Connects to {@code path} (with its query) on the server at {@code port}. */
  public static LiveClient connect(int port, String pathAndQuery) {
    return new LiveClient(URI.create("ws://127.0.0.1:" + port + pathAndQuery), null);
  }

  /** Connects with an {@code Authorization: Bearer} header, as a non-browser client may. */
  public static LiveClient connectWithHeader(int port, String pathAndQuery, String token) {
    return new LiveClient(URI.create("ws://127.0.0.1:" + port + pathAndQuery), token);
  }

  public void sendText(String text) {
    socket.sendText(text, true).join();
  }

  /** The next message, waiting up to five seconds; fails if none comes. */
  public JsonNode next() {
    try {
      JsonNode m = messages.poll(5, TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError(
            "no message within 5 s" + (closed.isDone() ? " (closed " + closed.join() + ")" : ""));
      }
      return m;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next {@code n} messages. */
  public List<JsonNode> next(int n) {
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  /** A message if one arrives within {@code millis}, else null. */
  public JsonNode poll(long millis) {
    try {
      return messages.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The close code the server sent, waiting up to {@code seconds}. */
  public int closeCode(int seconds) {
    try {
      return closed.get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the server did not close the socket within " + seconds + " s", e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Drops the connection without a closing handshake (a client that lost its network). */
  public void abort() {
    socket.abort();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        socket.abort();
      }
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          messages.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          messages.add(JSON.createObjectNode().put("unparsable", partial.toString()));
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(-1);
    }
  }
}
