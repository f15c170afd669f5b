package dev.ordersync.server.ws;

import io.helidon.common.socket.PeerInfo;
import io.helidon.http.Headers;
import java.util.OptionalLong;

/**
 * Whether a client may open one more live socket now. Opening one costs a credential check and a
 * snapshot read, so opening them in a loop is limited per client address like the REST API (the
 * same buckets: in-process, or shared through Redis).
 */
@FunctionalInterface
public interface ConnectGuard {
  /**
   * @param upgradeHeaders the headers of the upgrade request (a trusted {@code X-Forwarded-For}
   *     names the client)
   * @return empty if allowed, else how many seconds to wait
   */
  OptionalLong refused(Headers upgradeHeaders, PeerInfo remotePeer);

  static ConnectGuard none() {
    return (headers, peer) -> OptionalLong.empty();
  }
}
