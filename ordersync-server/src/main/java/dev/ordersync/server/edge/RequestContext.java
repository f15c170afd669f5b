package dev.ordersync.server.edge;

import dev.ordersync.core.user.Caller;
import java.util.Optional;

/**
 * Who made the request being handled on this thread, and from where: read by adapters that must
 * record it (the audit trail). Set by the request filter and completed by the authenticator; empty
 * outside a request (commands, jobs).
 */
public final class RequestContext {
  /**
   * What is known about the current request. {@code caller} is null until the request is
   * authenticated.
   */
  public record Info(String requestId, String traceId, String clientAddress, Caller caller) {}

  private static final ThreadLocal<Info> CURRENT = new ThreadLocal<>();

  private RequestContext() {}

  public static Optional<Info> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * The work, run with this thread's request context on whichever thread runs it (an order's
   * group-commit lane), and that thread's own context restored afterwards.
   */
  public static <T> java.util.function.Supplier<T> carried(java.util.function.Supplier<T> work) {
    Info info = CURRENT.get();
    return () -> {
      Info before = CURRENT.get();
      set(info);
      try {
        return work.get();
      } finally {
        set(before);
      }
    };
  }

  private static void set(Info info) {
    if (info == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(info);
    }
  }

  public static void begin(String requestId, String traceId, String clientAddress) {
    CURRENT.set(new Info(requestId, traceId, clientAddress, null));
  }

  public static void authenticated(Caller caller) {
    Info info = CURRENT.get();
    if (info != null) {
      CURRENT.set(new Info(info.requestId(), info.traceId(), info.clientAddress(), caller));
    }
  }

  public static void end() {
    CURRENT.remove();
  }
}
