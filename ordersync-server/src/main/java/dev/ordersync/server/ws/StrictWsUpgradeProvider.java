package dev.ordersync.server.ws;

import io.helidon.common.Weight;
import io.helidon.common.Weighted;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgrader;

/**
 * Replaces Helidon's WebSocket upgrade for every server in the process (found by the service loader
 * of Helidon's HTTP/1 connection; the heavier provider of a protocol wins), so that every socket
 * follows RFC 6455's close codes (see {@link StrictWsConnection}). Client messages are at most
 * {@link #MAX_MESSAGE_BYTES} (or the configured {@code max-frame-length}, if smaller): what clients
 * send on the live endpoints is an auth message with a token.
 */
@Weight(Weighted.DEFAULT_WEIGHT + 100)
public final class StrictWsUpgradeProvider implements Http1UpgradeProvider<WsConfig> {
  /** The largest message a client may send, all its fragments together (else 1009). */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;

  /** For the service loader. */
  public StrictWsUpgradeProvider() {}

  @Override
  public String protocolType() {
    return "websocket";
  }

  @Override
  public Class<WsConfig> protocolConfigType() {
    return WsConfig.class;
  }

  @Override
  public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
    return new StrictWsUpgrader(
        WsUpgrader.create(config), Math.min(config.maxFrameLength(), MAX_MESSAGE_BYTES));
  }
}
