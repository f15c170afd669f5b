package dev.ordersync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of PostgreSQL that can be cut and restored: cut, every connection through it
 * is closed and new ones are refused, as while PostgreSQL restarts; restored, it forwards again on
 * the same port. The machine's PostgreSQL is shared with other tests, so the suite never restarts
 * it (the same proxy as the server's DatabaseOutageTest).
 */
final class CuttableProxy implements AutoCloseable {
  private final String host;
  private final int target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final int port;
  private volatile ServerSocket listener;

  CuttableProxy(String host, int target) throws IOException {
    this.host = host;
    this.target = target;
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.port = listener.getLocalPort();
    accept(listener);
  }

  int port() {
    return port;
  }

  private void accept(ServerSocket on) {
    Thread.ofVirtual()
        .start(
            () -> {
              while (!on.isClosed()) {
                try {
                  Socket client = on.accept();
                  Socket upstream = new Socket(host, target);
                  open.add(client);
                  open.add(upstream);
                  pipe(client, upstream);
                  pipe(upstream, client);
                } catch (IOException e) {
                  // cut, or the upstream refused
                }
              }
            });
  }

  private void pipe(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException ignored) {
                // closed
              }
              closeQuietly(from);
              closeQuietly(to);
              open.remove(from);
              open.remove(to);
            });
  }

  void cut() {
    closeQuietly(listener);
    open.forEach(CuttableProxy::closeQuietly);
    open.clear();
  }

  void restore() throws IOException {
    ServerSocket again = new ServerSocket();
    again.setReuseAddress(true);
    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
    listener = again;
    accept(again);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    cut();
  }
}
