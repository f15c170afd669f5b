package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http1ListenersTest {
  private final List<String> heard = new ArrayList<>();

  private Http1ConnectionListener named(String name) {
    return new Http1ConnectionListener() {
      @Override
      public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        heard.add(name + " prologue");
      }

      @Override
      public void status(ConnectionContext ctx, Status status) {
        heard.add(name + " " + status.code());
      }
    };
  }

  private static final HttpPrologue PROLOGUE =
      HttpPrologue.create("HTTP/1.1", "HTTP", "1.1", Method.GET, "/", false);

  @Test
  void everyListenerHearsEveryEventWhenCombinedByUs() {
    Http1Config config =
        Http1Config.builder()
            .addReceiveListener(Http1Listeners.of(named("gate"), named("framing")))
            .addSendListener(Http1Listeners.of(named("gate"), named("framing")))
            .build();
    config.compositeReceiveListener().prologue(null, PROLOGUE);
    config.compositeSendListener().status(null, Status.OK_200);
    assertEquals(List.of("gate prologue", "framing prologue", "gate 200", "framing 200"), heard);
  }

  /**
   * Why {@link Http1Listeners} exists: Helidon 4.5.0 combines two listeners added to one config
   * into a list that calls neither. When this fails, Helidon has fixed it and the class can go.
   */
  @Test
  void helidonsOwnCombinationCallsNoListener() {
    Http1Config config =
        Http1Config.builder()
            .addReceiveListener(named("gate"))
            .addReceiveListener(named("framing"))
            .build();
    config.compositeReceiveListener().prologue(null, PROLOGUE);
    assertEquals(List.of(), heard);
  }
}
