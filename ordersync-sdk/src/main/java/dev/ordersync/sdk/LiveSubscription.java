package dev.ordersync.sdk;

/**
 * A running live subscription: it reconnects by itself until {@link #close()}d or stopped by the
 * server for good ({@link LiveListener#onFailure}).
 */
public interface LiveSubscription extends AutoCloseable {
  /** The id of the last event received, from which a reconnect resumes; null before any. */
  String lastEventId();

  /** Whether it is still running (connected or about to reconnect). */
  boolean isActive();

  /** Stops it: closes the socket (1000) and never reconnects. */
  @Override
  void close();
}
