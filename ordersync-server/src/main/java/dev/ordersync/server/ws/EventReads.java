package dev.ordersync.server.ws;

import dev.ordersync.core.user.Caller;
import dev.ordersync.server.live.LiveEvent;
import java.util.UUID;

/**
 * Records that a socket's reader is about to be sent an order's customer (name, phone) in a live
 * event: called before the event is written, so an event whose record fails is not sent (the socket
 * closes and its client resumes).
 */
@FunctionalInterface
public interface EventReads {
  void read(Caller reader, String view, UUID orderId);

  /** The record of one socket's reads: its reader and view bound. */
  @FunctionalInterface
  interface Of {
    void read(LiveEvent event);
  }

  static EventReads none() {
    return (reader, view, orderId) -> {};
  }
}
