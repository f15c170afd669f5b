package dev.ordersync.server.live;

/**
 * Carries committed order events to the live subscribers of every server instance. A hint only: the
 * database stays the source of truth, and a subscriber that misses a message finds it again in the
 * {@link EventLog} (decision 0011).
 */
public interface EventBus extends AutoCloseable {
  /** Hands a committed event to the subscribers; never throws and never waits for the network. */
  void publish(LiveEvent event);

  /**
   * Hands a committed menu change to the subscribers of every instance; never throws and never
   * waits for the network. At most once: menu followers refetch on reconnect.
   */
  void publishMenu(MenuEvent event);

  /** Sets the one subscriber of this instance (the WebSocket hub). */
  void subscribe(Subscriber subscriber);

  /** Whether cross-instance delivery works right now; always true in-process. */
  default boolean healthy() {
    return true;
  }

  /** Events committed here and not yet handed to the other instances; none in-process. */
  default int pending() {
    return 0;
  }

  /** How long the oldest of the {@link #pending()} events has waited, in seconds (0 if none). */
  default double oldestPendingSeconds() {
    return 0;
  }

  /** Events the other instances were never sent (they find them in the log when they resync). */
  default long dropped() {
    return 0;
  }

  @Override
  default void close() {}

  /** Where the bus delivers. */
  interface Subscriber {
    /**
     * An event; may arrive late, twice or out of order, so subscribers check versions and
     * positions.
     */
    void deliver(LiveEvent event);

    /** A menu change, from this instance or another. */
    default void deliverMenu(MenuEvent event) {}

    /**
     * Messages may have been lost (the bus was cut off): look in the event log for what is missing.
     */
    void resync();
  }

  /** A bus within one process: enough for a single instance. */
  static EventBus inProcess() {
    return new InProcessEventBus();
  }
}
