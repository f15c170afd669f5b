package dev.ordersync.sdk;

import dev.ordersync.sdk.internal.Backoff;
import dev.ordersync.sdk.internal.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One live subscription: opens the socket, authenticates with the first message, hands messages to
 * the listener, and on a drop reconnects after a back-off, resuming with {@code last_event_id}.
 * Every state change happens under {@link #lock}; listener calls are made on the socket's thread,
 * one message at a time.
 */
final class LiveConnection implements LiveSubscription {
  /** One daemon thread for every subscription's reconnect and idle timers. */
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "ordersync-live-timer");
            t.setDaemon(true);
            return t;
          });

  private final HttpClient http;
  private final URI uri;
  private final TokenProvider tokens;
  private final LiveListener listener;
  private final Backoff backoff;
  private final Duration idleTimeout;

  /** Guards the state below; private, so no caller can hold it. */
  private final Object lock = new Object();

  private volatile String lastEventId;
  private Long lastSeq;
  private Long lastFeedSeq;
  private boolean closed;
  private boolean stopped;
  private int failures;
  private boolean refreshedSinceLastMessage;
  private WebSocket socket;
  private String sentToken;
  private volatile long lastHeardNanos;
  private ScheduledFuture<?> idleCheck;

  LiveConnection(
      HttpClient http, URI uri, TokenProvider tokens, LiveListener listener, LiveOptions options) {
    this.http = http;
    this.uri = uri;
    this.tokens = tokens;
    this.listener = listener;
    this.backoff = options.backoff();
    this.idleTimeout = options.idleTimeout();
    this.lastEventId = options.lastEventId();
  }

  /** Makes this a public menu socket: no credential, menu messages. */
  private volatile MenuLiveListener menu;

  void menuListener(MenuLiveListener listener) {
    this.menu = listener;
  }

  void start() {
    connect();
  }

  @Override
  public String lastEventId() {
    return lastEventId;
  }

  @Override
  public boolean isActive() {
    synchronized (lock) {
      return !closed && !stopped;
    }
  }

  @Override
  public void close() {
    WebSocket s;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      s = socket;
      socket = null;
      if (idleCheck != null) {
        idleCheck.cancel(false);
      }
    }
    if (s != null) {
      s.sendClose(WebSocket.NORMAL_CLOSURE, "closed by the client").exceptionally(e -> null);
      TIMER.schedule(s::abort, 2, TimeUnit.SECONDS);
    }
  }

  private URI resumeUri() {
    String id = lastEventId;
    return id == null
        ? uri
        : URI.create(uri + "?last_event_id=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
  }

  /** Opens a socket (off the caller's thread: getting a token may refresh it). */
  private void connect() {
    TIMER.execute(
        () -> {
          synchronized (lock) {
            if (closed || stopped) {
              return;
            }
          }
          if (menu != null) {
            open(null);
            return;
          }
          String token;
          try {
            token = tokens.accessToken();
          } catch (AuthenticationException e) {
            stop(e);
            return;
          } catch (OrderSyncException e) {
            retryLater(1006, "could not get a token: " + e.getMessage());
            return;
          }
          if (token == null) {
            stop(
                new AuthenticationException(
                    Problem.of(401, "unauthenticated", "no token to open the live socket with")));
            return;
          }
          open(token);
        });
  }

  private void open(String token) {
    Handler handler = new Handler(token);
    http.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(resumeUri(), handler)
        .whenComplete(
            (ws, error) -> {
              if (error != null) {
                retryLater(1006, "could not connect: " + rootMessage(error));
              }
            });
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private void retryLater(int code, String reason) {
    retryAfter(code, reason, null);
  }

  private void retryAfter(int code, String reason, Duration asked) {
    Duration wait;
    synchronized (lock) {
      socket = null;
      if (idleCheck != null) {
        idleCheck.cancel(false);
      }
      if (closed || stopped) {
        return;
      }
      wait = asked != null ? asked : backoff.delay(Math.min(failures, 20));
      failures++;
    }
    safely(() -> listener.onDisconnected(code, reason, wait));
    TIMER.schedule(this::connect, Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
  }

  private void stop(OrderSyncException error) {
    synchronized (lock) {
      if (closed || stopped) {
        return;
      }
      stopped = true;
      socket = null;
      if (idleCheck != null) {
        idleCheck.cancel(false);
      }
    }
    safely(() -> listener.onFailure(error));
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException ignored) {
      // The listener's failure must not stop the subscription.
    }
  }

  /** What happens on a close code (docs/api.md, close codes). */
  private void closed(int code, String reason) {
    synchronized (lock) {
      if (closed || stopped) {
        return;
      }
    }
    switch (code) {
      case 4401 -> {
        // The token expired or its session ended: refresh once, then connect again.
        boolean again;
        synchronized (lock) {
          again = !refreshedSinceLastMessage;
          refreshedSinceLastMessage = true;
        }
        String fresh = null;
        if (again) {
          try {
            fresh = tokens.refreshAfterRejection(sentToken);
          } catch (AuthenticationException e) {
            stop(e);
            return;
          } catch (OrderSyncException e) {
            retryLater(code, reason);
            return;
          }
        }
        if (fresh == null) {
          stop(new AuthenticationException(Problem.of(401, "invalid_token", reason)));
        } else {
          retryAfter(code, reason, Duration.ZERO);
        }
      }
      case 4403 -> stop(new PermissionException(Problem.of(403, "forbidden", reason)));
      case 4404 -> stop(new NotFoundException(Problem.of(404, "not_found", reason)));
      case 4400 -> stop(new InvalidRequestException(Problem.of(400, "invalid_parameter", reason)));
      case 1002, 1007, 1009 ->
          stop(new ApiException(Problem.of(code, "protocol_error", "the server said: " + reason)));
      case 4429 -> retryAfter(code, reason, secondsIn(reason));
      case 1013 ->
          retryAfter(
              code, reason, Duration.ofMillis(250 + ThreadLocalRandom.current().nextLong(1750)));
      default -> retryLater(code, reason); // 4409, 1001, 1011, 1006 and anything new: resume
    }
  }

  /** "wait 3 s" in a close reason: the wait it names, with jitter; else the back-off's. */
  private static Duration secondsIn(String reason) {
    if (reason != null) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,4})").matcher(reason);
      if (m.find()) {
        return Duration.ofSeconds(Long.parseLong(m.group(1)))
            .plusMillis(ThreadLocalRandom.current().nextLong(500));
      }
    }
    return null;
  }

  private void checkIdle(WebSocket ws) {
    synchronized (lock) {
      if (socket != ws || closed || stopped) {
        return;
      }
    }
    long silent = System.nanoTime() - lastHeardNanos;
    if (silent > idleTimeout.toNanos()) {
      ws.abort();
      retryLater(1006, "no message or ping for " + Duration.ofNanos(silent).toSeconds() + " s");
    }
  }

  /** The listener of one socket. */
  private final class Handler implements WebSocket.Listener {
    private final String token;
    private final StringBuilder text = new StringBuilder();
    private boolean over;

    Handler(String token) {
      this.token = token;
    }

    @Override
    public void onOpen(WebSocket ws) {
      boolean keep;
      synchronized (lock) {
        keep = !closed && !stopped;
        if (keep) {
          socket = ws;
          sentToken = token;
          lastHeardNanos = System.nanoTime();
          long period = Math.max(1000, idleTimeout.toMillis() / 3);
          idleCheck =
              TIMER.scheduleAtFixedRate(() -> checkIdle(ws), period, period, TimeUnit.MILLISECONDS);
        }
      }
      if (!keep) {
        ws.abort();
        return;
      }
      if (token != null) {
        ws.sendText(
            new String(Json.write(Map.of("type", "auth", "token", token)), StandardCharsets.UTF_8),
            true);
      }
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
      lastHeardNanos = System.nanoTime();
      ws.request(1);
      return null; // the JDK answers the ping with a pong
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      lastHeardNanos = System.nanoTime();
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        handle(ws, message);
      }
      if (!over) {
        ws.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      if (finish(ws)) {
        closed(statusCode, reason);
      }
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      if (finish(ws)) {
        retryLater(1006, "the connection broke: " + rootMessage(error));
      }
    }

    /** Whether this socket's end is news (it is the current one, and not ended already). */
    private boolean finish(WebSocket ws) {
      synchronized (lock) {
        if (over) {
          return false;
        }
        over = true;
        if (socket == ws) {
          socket = null;
        }
        return !closed && !stopped;
      }
    }

    private void handle(WebSocket ws, String message) {
      Map<String, Object> m = Json.readObject(message.getBytes(StandardCharsets.UTF_8));
      if (m == null || !(m.get("type") instanceof String type)) {
        return; // not a message of this protocol: ignore, as for any unknown type
      }
      if (menu != null) {
        handleMenu(type, m);
        return;
      }
      if (type.equals("snapshot")) {
        List<Order> orders = new ArrayList<>();
        if (m.get("orders") instanceof List<?> list) {
          for (Object o : list) {
            orders.add(Json.convert(o, Order.class));
          }
        } else if (m.get("order") != null) {
          orders.add(Json.convert(m.get("order"), Order.class));
        }
        Long seq = number(m.get("seq"));
        Long feedSeq = number(m.get("feed_seq"));
        synchronized (lock) {
          lastSeq = seq;
          lastFeedSeq = feedSeq;
        }
        live();
        safely(() -> listener.onSnapshot(new LiveSnapshot(seq, feedSeq, orders)));
      } else if (type.equals("reload")) {
        synchronized (lock) {
          lastEventId = null; // a snapshot follows; resume from it
        }
      } else if (type.startsWith("order.") && m.get("event_id") instanceof String id) {
        Long seq = number(m.get("seq"));
        Long feedSeq = number(m.get("feed_seq"));
        boolean gap;
        synchronized (lock) {
          // The feed's position is gapless; an order's own socket counts the order's versions.
          gap =
              feedSeq != null
                  ? lastFeedSeq != null && feedSeq > lastFeedSeq + 1
                  : seq != null && lastSeq != null && seq > lastSeq + 1;
        }
        if (gap) {
          // The server repairs gaps before sending, so this should not happen: resume from the
          // last event delivered, which replays what is missing.
          if (finish(ws)) {
            ws.abort();
            retryAfter(4409, "a gap in the feed: resuming", Duration.ZERO);
          }
          return;
        }
        Order order = m.get("order") == null ? null : Json.convert(m.get("order"), Order.class);
        LiveEvent event =
            new LiveEvent(
                type,
                UUID.fromString(id),
                seq == null ? 0 : seq,
                feedSeq,
                m.get("event") instanceof String e ? e : null,
                order,
                instant(m.get("at")),
                instant(m.get("committed_at")));
        synchronized (lock) {
          lastEventId = id;
          if (seq != null) {
            lastSeq = seq;
          }
          if (feedSeq != null) {
            lastFeedSeq = feedSeq;
          }
        }
        live();
        safely(() -> listener.onEvent(event));
      }
    }

    private void handleMenu(String type, Map<String, Object> m) {
      switch (type) {
        case "menu.ready" -> {
          live();
          safely(menu::onReady);
        }
        case "menu.item_changed" -> {
          if (m.get("item") != null) {
            MenuLiveListener.LiveMenuItem item =
                Json.convert(m.get("item"), MenuLiveListener.LiveMenuItem.class);
            safely(() -> menu.onItemChanged(item));
          }
        }
        case "menu.changed" -> safely(menu::onMenuChanged);
        default -> {
          // a message newer than this SDK: ignored
        }
      }
    }

    /** The first message after connecting: the connection works; forget past failures. */
    private void live() {
      boolean first;
      synchronized (lock) {
        first = failures > 0 || refreshedSinceLastMessage || !announced;
        failures = 0;
        refreshedSinceLastMessage = false;
        announced = true;
      }
      if (first) {
        safely(listener::onConnected);
      }
    }

    private boolean announced;
  }

  private static Long number(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }

  private static Instant instant(Object o) {
    try {
      return o instanceof String s ? Instant.parse(s) : null;
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
