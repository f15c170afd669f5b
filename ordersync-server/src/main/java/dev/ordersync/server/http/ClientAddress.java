package dev.ordersync.server.http;

import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The address a request came from, as seen on the socket (proxies are trusted only where
 * configured).
 */
final class ClientAddress {
  private ClientAddress() {}

  static String of(ServerRequest req) {
    SocketAddress a = req.remotePeer().address();
    if (a instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(a);
  }
}
