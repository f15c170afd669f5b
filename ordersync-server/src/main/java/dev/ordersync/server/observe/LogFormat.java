package dev.ordersync.server.observe;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;

/** How log lines are written: text for a developer's terminal, JSON lines for production. */
public enum LogFormat {
  TEXT,
  JSON;

  /**
   * Puts this format on the handlers of the root logger (those of logging.properties); text leaves
   * them as they are.
   */
  public void install() {
    if (this == TEXT) {
      return;
    }
    Formatter json = new JsonLogFormatter();
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.setFormatter(json);
    }
  }
}
