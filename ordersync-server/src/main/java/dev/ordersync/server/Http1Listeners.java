package dev.ordersync.server;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.List;

/**
 * Several HTTP/1 connection listeners as one. Helidon 4.5.0 combines two or more listeners added to
 * one {@code Http1Config} into a list listener that overrides none of the listener's methods, so
 * none of them is ever called; each direction therefore gets exactly one listener, this one.
 */
final class Http1Listeners implements Http1ConnectionListener {
  private final List<Http1ConnectionListener> listeners;

  private Http1Listeners(List<Http1ConnectionListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  static Http1ConnectionListener of(Http1ConnectionListener... listeners) {
    return new Http1Listeners(List.of(listeners));
  }

  @Override
  public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
    for (Http1ConnectionListener l : listeners) {
      l.prologue(ctx, prologue);
    }
  }

  @Override
  public void headers(ConnectionContext ctx, Headers headers) {
    for (Http1ConnectionListener l : listeners) {
      l.headers(ctx, headers);
    }
  }

  @Override
  public void status(ConnectionContext ctx, Status status) {
    for (Http1ConnectionListener l : listeners) {
      l.status(ctx, status);
    }
  }

  @Override
  public void data(ConnectionContext ctx, BufferData data) {
    for (Http1ConnectionListener l : listeners) {
      l.data(ctx, data);
    }
  }

  @Override
  public void data(ConnectionContext ctx, byte[] bytes, int position, int length) {
    for (Http1ConnectionListener l : listeners) {
      l.data(ctx, bytes, position, length);
    }
  }
}
