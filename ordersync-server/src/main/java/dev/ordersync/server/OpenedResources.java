package dev.ordersync.server;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a start has opened so far. If the start fails, all of it is closed, newest first, so a
 * failed start leaves no database running, no socket bound and no data folder locked.
 */
final class OpenedResources {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Remembers {@code resource} to be closed if the start fails; returns it. */
  <T extends AutoCloseable> T add(T resource) {
    opened.push(resource);
    return resource;
  }

  /**
   * Closes everything opened, newest first; what fails to close is added to {@code failure}, which
   * stays the error the caller sees.
   */
  void closeAfter(RuntimeException failure) {
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }
}
