package dev.ordersync.server.ws;

import dev.ordersync.server.live.LiveEvent;
import dev.ordersync.server.observe.Tracing;
import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsSession;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open live WebSocket. Whatever is to be sent (events from the bus, pings, a catch-up request)
 * goes into its own bounded inbox, which a virtual thread drains in order, so a slow or stuck
 * client holds up nobody else; when the inbox is full the socket is closed with 4409 and its client
 * resumes. Every write goes through one lock (Helidon's sessions are not safe for concurrent
 * writes).
 */
abstract class LiveSocket {
  private static final Logger LOG = Logger.getLogger(LiveSocket.class.getName());
  private static final Object PING = new Object();
  private static final Object CATCH_UP = new Object();
  private static final Object RECHECK = new Object();

  static final int NEW = 0;
  static final int SUBSCRIBED = 1;
  static final int REMOVED = 2;

  final WsSession session;
  final LiveHub hub;
  private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean detached = new AtomicBoolean();
  private final ReentrantLock writing = new ReentrantLock();
  private volatile boolean ready;
  private volatile boolean closed;
  private volatile Thread writer;
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile java.util.function.IntSupplier recheck;

  private volatile EventReads.Of reads;

  /**
   * Records each event's read of personal data before it is sent (a failed record fails the
   * delivery: the socket closes and its client resumes).
   */
  final void recordReadsWith(EventReads.Of reads) {
    this.reads = reads;
  }

  /** NEW, SUBSCRIBED or REMOVED: read and written only by {@link LiveHub}, synchronized on this. */
  int hubState = NEW;

  LiveSocket(WsSession session, LiveHub hub) {
    this.session = session;
    this.hub = hub;
  }

  /** The order this socket follows, or null. */
  abstract UUID order();

  /** The restaurant whose feed this socket follows, or null. */
  abstract UUID restaurant();

  /** The restaurant whose public menu this socket follows, or null. */
  UUID menu() {
    return null;
  }

  /** The last position delivered: the order's version, or the feed position. */
  abstract long position();

  /**
   * Handles one live event, on the drain thread: drops what was sent already, repairs a gap first.
   */
  abstract void onEvent(LiveEvent event);

  /** Sends whatever the event log holds beyond {@link #position()}, on the drain thread. */
  abstract void catchUp();

  /** The stream position the client has seen: what comes after it is sent next. */
  abstract void startAt(long position);

  final void offer(LiveEvent event) {
    enqueue(event);
  }

  final void offerMenu(dev.ordersync.server.live.MenuEvent event) {
    enqueue(event);
  }

  final void offerCatchUp() {
    enqueue(CATCH_UP);
  }

  final void offerPing() {
    enqueue(PING);
  }

  /**
   * Sets how this socket's access is checked again later: the supplier answers 0 while the caller
   * may still follow, or the close code to end with (a session logged out or revoked, a membership
   * removed).
   */
  final void recheckWith(java.util.function.IntSupplier check) {
    this.recheck = check;
  }

  final void offerRecheck() {
    if (recheck != null) {
      enqueue(RECHECK);
    }
  }

  /**
   * Starts delivering what the inbox gathered while the snapshot or replay was being sent, and all
   * that follows.
   */
  final void start() {
    ready = true;
    schedule();
  }

  final void heard() {
    lastHeardNanos = System.nanoTime();
  }

  final long silentNanos() {
    return System.nanoTime() - lastHeardNanos;
  }

  final boolean closed() {
    return closed;
  }

  private void enqueue(Object item) {
    if (closed) {
      return;
    }
    if (pending.incrementAndGet() > hub.queueLimit()) {
      LiveMetrics.SLOW_CLOSED.increment();
      close(CloseCodes.RESUME, "too slow: resume with last_event_id");
      return;
    }
    inbox.add(item);
    if (ready) {
      schedule();
    }
  }

  private void schedule() {
    if (!closed && draining.compareAndSet(false, true)) {
      hub.run(this::drain);
    }
  }

  private void drain() {
    writer = Thread.currentThread();
    try {
      Object item;
      while (!closed && (item = inbox.poll()) != null) {
        pending.decrementAndGet();
        if (item == PING) {
          write(() -> session.ping(BufferData.empty()));
        } else if (item == CATCH_UP) {
          catchUp();
        } else if (item == RECHECK) {
          java.util.function.IntSupplier check = recheck;
          int code = hub.read(check::getAsInt);
          if (code != 0) {
            close(code, "access ended");
            return;
          }
        } else if (item instanceof dev.ordersync.server.live.MenuEvent menu) {
          send(menu.message());
          LiveMetrics.SENT.increment();
        } else {
          onEvent((LiveEvent) item);
        }
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.log(Level.FINE, "live socket failed; closing it so that its client resumes", e);
        close(CloseCodes.RESUME, "interrupted: resume with last_event_id");
      }
    } finally {
      writer = null;
      draining.set(false);
    }
    if (!closed && !inbox.isEmpty()) {
      schedule();
    }
  }

  /** Sends one event's message and counts it. */
  final void deliver(LiveEvent event, String message) {
    Tracing tracing = hub.tracing();
    if (!tracing.on()) {
      deliverUntraced(event, message);
      return;
    }
    // A trace of its own, linked to the change's span: one change reaches many sockets, late or
    // again after a resume, and none of that is the change's own time.
    var span =
        tracing
            .tracer()
            .spanBuilder("live deliver")
            .setNoParent()
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute("ordersync.live.stream", stream())
            .setAttribute("ordersync.event.type", event.type())
            .setAttribute("ordersync.event.replayed", event.committedAtMicros() == 0);
    SpanContext change = Tracing.spanContext(event.trace());
    if (change.isValid()) {
      span.addLink(change);
    }
    Span delivery = span.startSpan();
    try (Scope ignored = delivery.makeCurrent()) {
      deliverUntraced(event, message);
    } catch (RuntimeException e) {
      delivery.setStatus(StatusCode.ERROR);
      delivery.setAttribute("error.type", e.getClass().getName());
      throw e;
    } finally {
      delivery.end();
    }
  }

  /** What this socket follows, as its delivery spans say: "feed", "order" or "menu". */
  String stream() {
    return getClass().getSimpleName().replace("Follower", "").toLowerCase(java.util.Locale.ROOT);
  }

  private void deliverUntraced(LiveEvent event, String message) {
    EventReads.Of r = reads;
    String out = r == null ? message : hub.read(() -> r.read(event, message));
    send(out);
    LiveMetrics.delivered(
        event.committedAtMicros(), ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
  }

  /** Sends one message (snapshot, replay, notice). */
  final void send(String message) {
    write(() -> session.send(message, true));
  }

  /** Answers a client's ping. */
  final void pong(BufferData payload) {
    write(() -> session.pong(payload));
  }

  /** A close reason that fits the 123 bytes a close frame allows. */
  static String fit(String reason) {
    String r = reason == null ? "" : reason;
    while (r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }

  private void write(Runnable frame) {
    writing.lock();
    try {
      if (closed) {
        return;
      }
      frame.run();
    } finally {
      writing.unlock();
    }
  }

  /**
   * Closes with {@code code}: stops delivery at once, sends the close frame when the socket can
   * take it, and cuts the connection if the client has not finished the closing handshake two
   * seconds later (or cannot even take the frame).
   */
  final void close(int code, String reason) {
    closing(code, reason);
  }

  /**
   * Closes the socket with {@code code}; the close frame goes out on a thread of its own. Returns
   * that thread (null if the socket was already closed), so that a server stopping can wait for the
   * frames before it drops connections.
   */
  final Thread closing(int code, String reason) {
    if (closed) {
      return null;
    }
    closed = true;
    detach();
    return Thread.ofVirtual()
        .start(
            () -> {
              boolean sent = false;
              try {
                if (writing.tryLock(1, TimeUnit.SECONDS)) {
                  try {
                    session.close(code, fit(reason));
                    sent = true;
                  } finally {
                    writing.unlock();
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                // the connection is already broken
              }
              hub.later(sent ? 2000 : 0, this::cut);
            });
  }

  /**
   * Cuts the connection without a closing handshake: a writer blocked on a full socket is
   * interrupted too.
   */
  final void cut() {
    closed = true;
    detach();
    Thread w = writer;
    if (w != null) {
      w.interrupt();
    }
    if (session instanceof ServerConnection connection) {
      connection.close(true);
    }
  }

  /**
   * The client closed, or the connection failed: stop delivering, and wait for a write in progress
   * to finish so that Helidon's own close reply does not interleave with it.
   */
  final void closedByPeer() {
    closed = true;
    detach();
    try {
      if (writing.tryLock(1, TimeUnit.SECONDS)) {
        writing.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void detach() {
    if (detached.compareAndSet(false, true)) {
      hub.remove(this);
    }
  }
}
