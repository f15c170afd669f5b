package dev.ordersync.server.context;

import dev.ordersync.core.user.Caller;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who made the request being handled, and from where: read by what records it (the audit trail).
 * Bound by the request filter for the extent of the request's handling, as a {@link ScopedValue}
 * (decision 22): it cannot outlive the request or leak to the next one on a pooled thread, and
 * nothing has to remember to clear it. Unbound outside a request (commands, jobs), where the server
 * itself acts.
 *
 * <p>The caller is filled in once the handler has authenticated the request, which happens inside
 * the binding; everything else is fixed when the request arrives.
 */
public final class RequestContext {
  private static final ScopedValue<RequestContext> CURRENT = ScopedValue.newInstance();

  private final String requestId;
  private final String traceId;
  private final String clientAddress;
  private volatile Caller caller;

  public RequestContext(String requestId, String traceId, String clientAddress) {
    this.requestId = requestId;
    this.traceId = traceId;
    this.clientAddress = clientAddress;
  }

  /** The context of the request being handled, if any. */
  public static Optional<RequestContext> current() {
    return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
  }

  /** Records who the request being handled comes from, once it is authenticated. */
  public static void authenticated(Caller caller) {
    if (CURRENT.isBound()) {
      CURRENT.get().caller = caller;
    }
  }

  /** Runs the handling of the request with this context bound. */
  public void run(Runnable handling) {
    ScopedValue.where(CURRENT, this).run(handling);
  }

  /**
   * Runs work with this context bound, on whichever thread runs it: the unit of work that runs a
   * request's work on a thread of its own (group commit) binds there the context the work was
   * handed over with.
   */
  public <T> T call(Supplier<T> work) {
    return ScopedValue.where(CURRENT, this).call(work::get);
  }

  public String requestId() {
    return requestId;
  }

  /** The W3C trace id of the request, or null when it came without a valid {@code traceparent}. */
  public String traceId() {
    return traceId;
  }

  public String clientAddress() {
    return clientAddress;
  }

  /** Null until the request is authenticated. */
  public Caller caller() {
    return caller;
  }
}
