package dev.ordersync.sdk;

import java.time.Duration;

/**
 * Receives a live subscription's messages, one at a time, on an SDK thread: keep each call short
 * (hand work to your own executor). Exceptions thrown here are caught and ignored.
 */
public interface LiveListener {
  /** The state to start from: first, and again after a {@code reload}. */
  default void onSnapshot(LiveSnapshot snapshot) {}

  /** One change, in commit order, never twice, none missing across reconnects. */
  void onEvent(LiveEvent event);

  /**
   * The connection dropped and will be opened again in {@code reconnectIn}, resuming after the last
   * event received (a kitchen display may show "reconnecting").
   *
   * @param closeCode the WebSocket close code, or 1006 when the connection broke without one
   */
  default void onDisconnected(int closeCode, String reason, Duration reconnectIn) {}

  /** The subscription is live (again): its first message after connecting has arrived. */
  default void onConnected() {}

  /**
   * The subscription has stopped for good, and will not reconnect: {@link PermissionException}
   * (4403: the credential does not cover it), {@link NotFoundException} (4404: no such order),
   * {@link AuthenticationException} (4401 and the token could not be refreshed), {@link
   * InvalidRequestException} (4400), or {@link ApiException} (the server called the client broken).
   */
  default void onFailure(OrderSyncException error) {}
}
