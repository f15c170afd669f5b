package dev.ordersync.server;

import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Notices when Helidon's accept loop has ended on its own. Helidon stops a listener for good when
 * {@code accept()} fails (for instance for want of a file descriptor), logging "this server socket
 * is terminating now", and the process would live on with its port closed. The connection gate's
 * caps keep {@code accept()} from running out of descriptors; should something else in the process
 * use them up, this watch runs the action {@link Main} sets: exit with status 70, so that a
 * supervisor starts the server again. (Tests set none.)
 */
final class ListenerWatch implements Filter {
  static final String HELIDON_LISTENER = "io.helidon.webserver.ServerListener";
  private static final Logger HELIDON = Logger.getLogger(HELIDON_LISTENER);
  private static final AtomicReference<Runnable> ON_DEATH = new AtomicReference<>(() -> {});

  private final Filter previous;

  private ListenerWatch(Filter previous) {
    this.previous = previous;
  }

  /** Watches Helidon's listener logger, once per process. */
  static synchronized void install() {
    Filter current = HELIDON.getFilter();
    if (!(current instanceof ListenerWatch)) {
      HELIDON.setFilter(new ListenerWatch(current));
    }
  }

  /** What to do when a listener has stopped by itself (the last action set wins). */
  static void onListenerDeath(Runnable action) {
    ON_DEATH.set(action);
  }

  @Override
  public boolean isLoggable(LogRecord r) {
    String message = r.getMessage();
    if (message != null && message.contains("server socket is terminating now")) {
      ON_DEATH.get().run();
    }
    return previous == null || previous.isLoggable(r);
  }
}
