package dev.ordersync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A restaurant's live feed ({@code /ws/restaurants/me/orders}), counting the {@code order.created}
 * events it receives: the fault suite's proof that live delivery keeps flowing during a fault.
 */
final class LiveFeed implements AutoCloseable {
  private final LongAdder created = new LongAdder();
  private final AtomicInteger closeCode = new AtomicInteger();
  private final WebSocket socket;

  LiveFeed(String base, String token) throws Exception {
    URI uri =
        URI.create(
            base.replaceFirst("^http", "ws") + "/ws/restaurants/me/orders?access_token=" + token);
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(uri, new Listener())
            .get(30, TimeUnit.SECONDS);
  }

  long created() {
    return created.sum();
  }

  /** The close code the server sent, 0 while open. */
  int closeCode() {
    return closeCode.get();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        if (text.indexOf("\"type\":\"order.created\"") >= 0) {
          created.increment();
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeCode.set(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closeCode.compareAndSet(0, -1);
    }
  }

  @Override
  public void close() {
    socket.abort();
  }
}
