package dev.ordersync.server.ws;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.concurrency.limits.LimitException;
import io.helidon.common.socket.SocketContext;
import io.helidon.common.socket.SocketWriterException;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of an upgraded WebSocket connection, in place of Helidon 4.5.0's {@code
 * WsConnection} (whose frame handling this follows, under its Apache 2.0 licence), because that one
 * lets a reserved opcode escape as an exception for which the HTTP/1 connection writes {@code
 * HTTP/1.1 500} into the upgraded stream, answers an oversized ping with 1011, hands text that is
 * not UTF-8 on with replacement characters, answers an invalid close code with 1000, and never
 * tells its listener when the peer drops the connection. Here frames are checked by {@link
 * ClientFrames}; a violation closes with its RFC 6455 code and ends the connection; nothing but a
 * close frame is ever written after the 101; and the listener hears exactly once how the connection
 * ended ({@code onClose}, with 1006 when the peer vanished, or {@code onError}).
 */
final class StrictWsConnection implements ServerConnection, WsSession {
  private static final Logger LOG = Logger.getLogger(StrictWsConnection.class.getName());

  private final ConnectionContext ctx;
  private final HttpPrologue prologue;
  private final Headers upgradeHeaders;
  private final WsListener listener;
  private final ClientFrames frames;
  private final BufferData sendBuffer = BufferData.growing(1024);
  private final ReentrantLock sendLock = new ReentrantLock();
  private final AtomicBoolean closeSent = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private boolean sendContinuation;
  private volatile Thread myThread;
  private volatile boolean canRun = true;
  private volatile boolean readingNetwork;
  private volatile long lastHeardNanos = System.nanoTime();

  StrictWsConnection(
      ConnectionContext ctx,
      HttpPrologue prologue,
      Headers upgradeHeaders,
      WsListener listener,
      int maxMessageBytes) {
    this.ctx = ctx;
    this.prologue = prologue;
    this.upgradeHeaders = upgradeHeaders;
    this.listener = listener;
    this.frames = new ClientFrames(ctx.dataReader(), maxMessageBytes);
  }

  @Override
  public void handle(Limit limit) {
    myThread = Thread.currentThread();
    try {
      if (opened(limit)) {
        readUntilClosed(limit);
      }
    } catch (ProtocolViolation v) {
      fail(v.code(), v.getMessage());
    } catch (CloseConnectionException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      // Never let an exception reach the HTTP/1 connection: it would answer with HTTP in the
      // upgraded stream.
      LOG.log(Level.FINE, "live socket connection failed", e);
      closeQuietly(1011, "server error");
      throw new CloseConnectionException("WebSocket connection failed", e);
    } finally {
      ended(1006, "connection lost");
    }
  }

  private boolean opened(Limit limit) {
    try {
      limit.invoke(() -> listener.onOpen(this));
      return true;
    } catch (LimitException e) {
      close(1013, "too many concurrent requests");
      ended(1013, "too many concurrent requests");
    } catch (CloseConnectionException | ProtocolViolation e) {
      throw e;
    } catch (Exception e) {
      LOG.log(Level.FINE, "live socket failed to open", e);
      closeQuietly(1011, "server error");
      errored(e);
    }
    return false;
  }

  private void readUntilClosed(Limit limit) {
    while (canRun) {
      readingNetwork = true;
      ClientFrames.Message message = read();
      readingNetwork = false;
      lastHeardNanos = System.nanoTime();
      try {
        if (!limit.invoke(() -> dispatch(message))) {
          return;
        }
      } catch (LimitException e) {
        close(1013, "too many concurrent requests");
        ended(1013, "too many concurrent requests");
        return;
      } catch (CloseConnectionException | ProtocolViolation e) {
        throw e;
      } catch (Exception e) {
        LOG.log(Level.FINE, "live socket listener failed", e);
        closeQuietly(1011, "server error");
        errored(e);
        return;
      }
    }
    closeQuietly(1000, "idle timeout");
  }

  private ClientFrames.Message read() {
    try {
      return frames.next();
    } catch (io.helidon.common.buffers.DataReader.InsufficientDataAvailableException e) {
      throw new CloseConnectionException("socket closed by the peer", e);
    }
  }

  /** Hands one message to the listener; false once the connection is to end. */
  private boolean dispatch(ClientFrames.Message m) {
    switch (m.opcode()) {
      case ClientFrames.TEXT -> {
        if (!closeSent.get()) {
          listener.onMessage(this, m.text(), true);
        }
      }
      case ClientFrames.BINARY -> {
        if (!closeSent.get()) {
          listener.onMessage(this, BufferData.create(m.payload()), true);
        }
      }
      case ClientFrames.PING -> listener.onPing(this, BufferData.create(m.payload()));
      case ClientFrames.PONG -> listener.onPong(this, BufferData.create(m.payload()));
      case ClientFrames.CLOSE -> {
        closeReceived(m.payload());
        return false;
      }
      default -> throw new IllegalStateException("not a message: " + m.opcode());
    }
    return true;
  }

  /**
   * The peer's close: a one-byte payload, a code that may not be sent (below 1000, 1004 to 1006,
   * 1015, 1016 to 2999, 5000 and up) are protocol errors, a reason that is not UTF-8 invalid data;
   * otherwise its code is echoed.
   */
  private void closeReceived(byte[] payload) {
    if (payload.length == 0) {
      ended(1005, "");
      closeQuietly(1000, "");
      return;
    }
    if (payload.length == 1) {
      throw new ProtocolViolation(ProtocolViolation.PROTOCOL_ERROR, "close frame of one byte");
    }
    int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    if (!sendable(code)) {
      throw new ProtocolViolation(ProtocolViolation.PROTOCOL_ERROR, "invalid close code " + code);
    }
    byte[] reasonBytes = new byte[payload.length - 2];
    System.arraycopy(payload, 2, reasonBytes, 0, reasonBytes.length);
    String reason = ClientFrames.utf8(reasonBytes);
    ended(code, reason);
    closeQuietly(code, "");
  }

  /** Close codes an endpoint may put on the wire (RFC 6455 section 7.4 and its registry). */
  static boolean sendable(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  /** Fails the connection: the close frame with {@code code}, then the TCP connection is closed. */
  private void fail(int code, String reason) {
    closeQuietly(code, reason);
    ended(code, reason);
    throw new CloseConnectionException("WebSocket protocol violation: " + reason);
  }

  /** Tells the listener, once, that the connection ended. */
  private void ended(int code, String reason) {
    if (ended.compareAndSet(false, true)) {
      try {
        listener.onClose(this, code, reason);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "live socket listener failed on close", e);
      }
    }
  }

  private void errored(Throwable t) {
    if (ended.compareAndSet(false, true)) {
      try {
        listener.onError(this, t);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "live socket listener failed on error", e);
      }
    }
  }

  private void closeQuietly(int code, String reason) {
    try {
      close(code, reason);
    } catch (RuntimeException e) {
      // the connection is already broken
    }
  }

  @Override
  public WsSession send(String text, boolean last) {
    return sendFrame(
        ClientFrames.TEXT, BufferData.create(text.getBytes(StandardCharsets.UTF_8)), last);
  }

  @Override
  public WsSession send(BufferData bufferData, boolean last) {
    return sendFrame(ClientFrames.BINARY, bufferData, last);
  }

  @Override
  public WsSession ping(BufferData bufferData) {
    return sendFrame(ClientFrames.PING, bufferData, true);
  }

  @Override
  public WsSession pong(BufferData bufferData) {
    return sendFrame(ClientFrames.PONG, bufferData, true);
  }

  @Override
  public WsSession close(int code, String reason) {
    if (!closeSent.compareAndSet(false, true)) {
      return this;
    }
    LiveMetrics.closed(code);
    byte[] reasonBytes = LiveSocket.fit(reason).getBytes(StandardCharsets.UTF_8);
    BufferData payload = BufferData.create(2 + reasonBytes.length);
    payload.writeInt16(code);
    payload.write(reasonBytes);
    return sendFrame(ClientFrames.CLOSE, payload, true);
  }

  @Override
  public WsSession terminate() {
    closeQuietly(1000, "terminate");
    throw new CloseConnectionException("terminated by the server");
  }

  private WsSession sendFrame(int opcode, BufferData payload, boolean fin) {
    boolean control = opcode >= ClientFrames.CLOSE;
    if (control && payload.available() > 125) {
      throw new IllegalArgumentException("control frames carry at most 125 bytes");
    }
    sendLock.lock();
    try {
      int used = opcode;
      if (!control) {
        used = sendContinuation ? ClientFrames.CONTINUATION : opcode;
        sendContinuation = !fin;
      }
      sendBuffer.clear();
      sendBuffer.write((fin ? 0x80 : 0) | used);
      writeLength(payload.available());
      sendBuffer.write(payload);
      ctx.dataWriter().writeNow(sendBuffer);
      return this;
    } catch (SocketWriterException | UncheckedIOException e) {
      throw new ServerConnectionException("failed to write a WebSocket frame", e);
    } finally {
      sendLock.unlock();
    }
  }

  private void writeLength(long length) {
    if (length < 126) {
      sendBuffer.write((int) length);
    } else if (length < 1 << 16) {
      sendBuffer.write(126);
      sendBuffer.write((int) (length >>> 8));
      sendBuffer.write((int) (length & 0xFF));
    } else {
      sendBuffer.write(127);
      for (int i = 56; i >= 0; i -= 8) {
        sendBuffer.write((int) (length >>> i) & 0xFF);
      }
    }
  }

  @Override
  public Optional<String> subProtocol() {
    return upgradeHeaders.first(WsUpgrader.PROTOCOL);
  }

  @Override
  public SocketContext socketContext() {
    return ctx;
  }

  @Override
  public HttpPrologue prologue() {
    return prologue;
  }

  @Override
  public Duration idleTime() {
    return Duration.ofNanos(System.nanoTime() - lastHeardNanos);
  }

  @Override
  public void close(boolean interrupt) {
    canRun = false;
    Thread t = myThread;
    if (t != null && (interrupt || readingNetwork)) {
      t.interrupt();
    }
  }
}
