package dev.ordersync.server;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The edge of the server, below HTTP: how many TCP connections it holds (in total and per client
 * address) and how long a connection may take over each part of its life. Helidon calls {@link
 * #socketOptions} right after {@code accept()} and closes the socket if it throws: a connection
 * over its address's cap is refused there, and one over the total closes the oldest connection that
 * is waiting for its headers or idle (or is refused if there is none). The HTTP/1 listeners tell
 * the gate where each connection is (headers received, answer begun, upgraded), and one sweeper
 * thread closes those past their deadline:
 *
 * <ul>
 *   <li>from accept (or from a kept-alive connection's next request line) to the end of the
 *       headers: the header timeout (slow-loris, silent and half-sent requests, stalled WebSocket
 *       upgrades);
 *   <li>from the end of the headers to the start of the answer: the body timeout (a body trickled
 *       byte by byte);
 *   <li>from the last byte written to the next request line: the idle timeout (idle keep-alive, and
 *       a client that stops reading its answer).
 * </ul>
 *
 * Upgraded connections (WebSockets) are counted against the caps but timed by the live endpoints
 * themselves (sign-in within 10 s, pings).
 */
final class ConnectionGate implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConnectionGate.class.getName());
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  /**
   * @param total connections held at once, at most
   * @param perAddress connections from one client address at once, at most
   * @param header accept (or next request line) to the end of the headers
   * @param body end of the headers to the start of the answer
   * @param idle last byte written to the next request line
   */
  record Limits(int total, int perAddress, Duration header, Duration body, Duration idle) {
    /**
     * Helidon's own cap, taken before each {@code accept()}: the gate's total plus room for the
     * sockets being refused, so that {@code accept()} itself never holds more than this many.
     */
    int acceptPermits() {
      return total + ACCEPT_MARGIN;
    }
  }

  /** Accepted sockets beyond the total that may exist for the moment it takes to refuse them. */
  static final int ACCEPT_MARGIN = 64;

  /** File descriptors the process keeps for everything but client connections, at least. */
  static final int MIN_RESERVE = 256;

  /** The default total however high the file limit: about 1 GB of heap at the measured cost. */
  static final int DEFAULT_TOTAL_CEILING = 50_000;

  static final int DEFAULT_PER_ADDRESS = 256;

  /** How many of the oldest connections a full server looks at for one to make room. */
  static final int EVICTION_SCAN = 256;

  /**
   * The limits for this configuration in a process allowed {@code fileLimit} descriptors (0 if
   * unknown). The total, given or derived, stays below the file limit by a reserve (a quarter of
   * it, between 256 and 4096) for the database pool, Redis, jars and logs, because Helidon's
   * listener stops for good if {@code accept()} ever fails for want of a descriptor.
   *
   * @throws IllegalArgumentException if the total asked for leaves less than {@link #MIN_RESERVE}
   */
  static Limits limitsFor(ServerConfig.Connections c, boolean behindProxy, long fileLimit) {
    long known = fileLimit > 0 ? fileLimit : 4096;
    long reserve = Math.clamp(known / 4, MIN_RESERVE, 4096);
    int total;
    if (c.maxTotal() > 0) {
      if (c.maxTotal() + ACCEPT_MARGIN > known - MIN_RESERVE) {
        throw new IllegalArgumentException(
            "ORDERSYNC_MAX_CONNECTIONS="
                + c.maxTotal()
                + " leaves too few of the process's "
                + known
                + " file descriptors (ulimit -n) for anything else: set at most "
                + Math.max(1, known - MIN_RESERVE - ACCEPT_MARGIN)
                + ", or raise the limit");
      }
      total = c.maxTotal();
    } else {
      total = (int) Math.clamp(known - reserve - ACCEPT_MARGIN, 16, DEFAULT_TOTAL_CEILING);
    }
    int perAddress =
        c.maxPerAddress() > 0
            ? Math.min(c.maxPerAddress(), total)
            : behindProxy ? total : Math.min(DEFAULT_PER_ADDRESS, total);
    return new Limits(total, perAddress, c.headerTimeout(), c.bodyTimeout(), c.idleTimeout());
  }

  /** The process's limit on open file descriptors ({@code ulimit -n}), or 0 if unknown. */
  static long fileLimit() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return 0;
  }

  /** Why a connection was refused or cut: the {@code reason} of the counter. */
  enum Reason {
    LIMIT_TOTAL("limit_total"),
    LIMIT_ADDRESS("limit_address"),
    HEADER_TIMEOUT("header_timeout"),
    BODY_TIMEOUT("body_timeout"),
    IDLE_TIMEOUT("idle_timeout"),
    EVICTED("evicted_when_full");

    final String tag;

    Reason(String tag) {
      this.tag = tag;
    }
  }

  private final Limits limits;
  private final ConcurrentHashMap<SocketAddress, Tracked> byPeer = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InetAddress, Set<Tracked>> byAddress = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentLinkedQueue<Tracked> arrivals = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService sweeper;

  ConnectionGate(Limits limits) {
    this.limits = limits;
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ordersync-connection-sweeper").factory());
    long every = Math.clamp(limits.header().toMillis() / 4, 100, 1000);
    sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  Limits limits() {
    return limits;
  }

  /** Connections held now. */
  int open() {
    return open.get();
  }

  /** {@code base} plus the gate's check of each accepted socket. */
  SocketOptions socketOptions(SocketOptions base) {
    return new GatedOptions(base, this);
  }

  /** Tells the gate when a request line and its headers have arrived. */
  Http1ConnectionListener receiveListener() {
    return new Http1ConnectionListener() {
      @Override
      public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        Tracked t = tracked(ctx);
        if (t != null) {
          t.requestLineReceived(limits);
        }
      }

      @Override
      public void headers(ConnectionContext ctx, Headers headers) {
        Tracked t = tracked(ctx);
        if (t != null) {
          t.headersReceived(limits);
        }
      }
    };
  }

  /** Tells the gate when an answer begins (or the connection is upgraded) and bytes go out. */
  Http1ConnectionListener sendListener() {
    return new Http1ConnectionListener() {
      @Override
      public void status(ConnectionContext ctx, Status status) {
        Tracked t = tracked(ctx);
        if (t != null) {
          t.answering(status.code() == Status.SWITCHING_PROTOCOLS_101.code(), limits);
        }
      }

      @Override
      public void data(ConnectionContext ctx, BufferData data) {
        Tracked t = tracked(ctx);
        if (t != null) {
          t.wrote(limits);
        }
      }
    };
  }

  /** The connection's record; none if the gate has forgotten it or its socket is already closed. */
  private Tracked tracked(ConnectionContext ctx) {
    SocketAddress peer = ctx.remotePeer().address();
    return peer == null ? null : byPeer.get(peer);
  }

  /** Admits an accepted socket, or throws (Helidon then closes it without handling it). */
  void admit(SocketChannel channel) throws IOException {
    SocketAddress peer = channel.getRemoteAddress();
    InetAddress address =
        peer instanceof InetSocketAddress inet
            ? inet.getAddress()
            : InetAddress.getLoopbackAddress();
    Tracked stale = byPeer.get(peer);
    if (stale != null && !stale.channel.isOpen()) {
      release(stale);
    }
    Tracked t = new Tracked(channel, peer, address, System.nanoTime() + nanos(limits.header()));
    if (!admitFrom(address, t)) {
      EdgeMetrics.dropped(Reason.LIMIT_ADDRESS);
      throw new IOException("connection limit per address reached");
    }
    if (open.incrementAndGet() > limits.total() && !evictOne()) {
      open.decrementAndGet();
      forgetFrom(t);
      EdgeMetrics.dropped(Reason.LIMIT_TOTAL);
      throw new IOException("connection limit reached");
    }
    EdgeMetrics.opened();
    byPeer.put(peer, t);
    arrivals.add(t);
  }

  /**
   * Counts {@code t} against its address unless the address is at its cap. At the cap, the
   * address's connections that have closed since the last sweep are forgotten first, so that a
   * client opening and closing connections quickly is not refused for ones it no longer holds.
   */
  private boolean admitFrom(InetAddress address, Tracked t) {
    Set<Tracked> held = byAddress.get(address);
    if (held != null && held.size() >= limits.perAddress()) {
      for (Tracked old : held) {
        if (!old.channel.isOpen()) {
          release(old);
        }
      }
    }
    boolean[] admitted = new boolean[1];
    byAddress.compute(
        address,
        (a, set) -> {
          Set<Tracked> s = set == null ? ConcurrentHashMap.newKeySet() : set;
          if (s.size() < limits.perAddress()) {
            s.add(t);
            admitted[0] = true;
          }
          return s.isEmpty() ? null : s;
        });
    return admitted[0];
  }

  private void forgetFrom(Tracked t) {
    byAddress.computeIfPresent(
        t.address,
        (a, s) -> {
          s.remove(t);
          return s.isEmpty() ? null : s;
        });
  }

  /**
   * Makes room when the server is full: closes the oldest connection that is not in the middle of a
   * request (still waiting for its headers, or idle between requests), so that connections held
   * open by an attacker give way to new ones instead of locking everybody out. Looks at no more
   * than {@link #EVICTION_SCAN} connections; those in a request or upgraded go to the back of the
   * line.
   */
  private boolean evictOne() {
    for (int i = 0; i < EVICTION_SCAN; i++) {
      Tracked t = arrivals.poll();
      if (t == null) {
        return false;
      }
      if (t.released) {
        continue;
      }
      if (!t.channel.isOpen()) {
        release(t);
        return true;
      }
      if (t.evictable()) {
        cut(t, Reason.EVICTED);
        return true;
      }
      arrivals.add(t);
    }
    return false;
  }

  /** Forgets a closed connection, exactly once however many times it is seen closed. */
  private void release(Tracked t) {
    if (!byPeer.remove(t.peer, t)) {
      return;
    }
    t.released = true;
    forgetFrom(t);
    open.decrementAndGet();
    EdgeMetrics.closed();
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      for (Tracked t : byPeer.values()) {
        if (!t.channel.isOpen()) {
          release(t);
        } else if (now - t.deadline > 0) {
          cut(t, t.timeoutReason());
        }
      }
      arrivals.removeIf(t -> t.released);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the connection sweeper failed; it runs again shortly", e);
    }
  }

  /**
   * Closes a connection past its deadline. Closing the channel wakes the connection's reader with
   * an I/O error, which Helidon treats as a client gone away: its thread ends and it releases its
   * own permit; the gate releases its counts here.
   */
  private void cut(Tracked t, Reason reason) {
    try {
      t.channel.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing a timed-out connection failed", e);
    }
    EdgeMetrics.dropped(reason);
    release(t);
  }

  /**
   * Stops the sweeper once the server has stopped, and forgets what is left (the server closes its
   * connections as it stops), so that the open-connections gauge returns to what other servers in
   * the process hold.
   */
  @Override
  public void close() {
    sweeper.shutdownNow();
    for (Tracked t : byPeer.values()) {
      release(t);
    }
  }

  private static long nanos(Duration d) {
    return d.toNanos();
  }

  /** One connection: where it is, and until when it may stay there. */
  private static final class Tracked {
    private final SocketChannel channel;
    private final SocketAddress peer;
    private final InetAddress address;
    private volatile long deadline;
    private volatile Reason phase = Reason.HEADER_TIMEOUT;
    private volatile boolean released;

    Tracked(SocketChannel channel, SocketAddress peer, InetAddress address, long deadline) {
      this.channel = channel;
      this.peer = peer;
      this.address = address;
      this.deadline = deadline;
    }

    Reason timeoutReason() {
      return phase;
    }

    /** Waiting for its headers, or idle between requests (not upgraded). */
    boolean evictable() {
      Reason p = phase;
      return p == Reason.HEADER_TIMEOUT || (p == Reason.IDLE_TIMEOUT && deadline != NO_DEADLINE);
    }

    void requestLineReceived(Limits limits) {
      if (phase == Reason.IDLE_TIMEOUT) {
        set(Reason.HEADER_TIMEOUT, limits.header());
      }
    }

    void headersReceived(Limits limits) {
      set(Reason.BODY_TIMEOUT, limits.body());
    }

    void answering(boolean upgraded, Limits limits) {
      if (upgraded) {
        phase = Reason.IDLE_TIMEOUT;
        deadline = NO_DEADLINE;
      } else {
        set(Reason.IDLE_TIMEOUT, limits.idle());
      }
    }

    void wrote(Limits limits) {
      if (deadline != NO_DEADLINE && phase == Reason.IDLE_TIMEOUT) {
        deadline = System.nanoTime() + nanos(limits.idle());
      }
    }

    private void set(Reason next, Duration within) {
      phase = next;
      deadline = System.nanoTime() + nanos(within);
    }
  }

  /** Helidon's socket options, plus the gate's admission of each accepted socket. */
  private record GatedOptions(SocketOptions base, ConnectionGate gate) implements SocketOptions {
    @Override
    public void configureSocket(SocketChannel socket) {
      base.configureSocket(socket);
      try {
        gate.admit(socket);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void configureSocket(Socket socket) {
      base.configureSocket(socket);
    }

    @Override
    public Map<SocketOption<?>, Object> socketOptions() {
      return base.socketOptions();
    }

    @Override
    public Duration connectTimeout() {
      return base.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
      return base.readTimeout();
    }

    @Override
    public Optional<Integer> socketReceiveBufferSize() {
      return base.socketReceiveBufferSize();
    }

    @Override
    public Optional<Integer> socketSendBufferSize() {
      return base.socketSendBufferSize();
    }

    @Override
    public boolean socketReuseAddress() {
      return base.socketReuseAddress();
    }

    @Override
    public boolean socketKeepAlive() {
      return base.socketKeepAlive();
    }

    @Override
    public boolean tcpNoDelay() {
      return base.tcpNoDelay();
    }
  }
}
