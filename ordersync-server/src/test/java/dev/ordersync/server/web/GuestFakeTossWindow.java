package dev.ordersync.server.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ordersync.server.toss.FakeToss;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A stand-in for Toss's payment window, for the guest pages' browser tests: its script defines
 * {@code TossPayments(clientKey)} whose {@code requestPayment(method, {amount, orderId, orderName,
 * successUrl, failUrl})} sends the browser to this server's window page, which does what the test
 * set: authorises a payment at the {@link FakeToss} and redirects to {@code
 * successUrl?paymentKey=&orderId=&amount=}, or redirects to {@code failUrl?code=&message=&orderId=}
 * as Toss does when the customer gives up. In {@link Mode#HOLD} the script records the request in
 * the page and goes nowhere, like a window the customer has not finished yet.
 */
final class GuestFakeTossWindow implements AutoCloseable {
  enum Mode {
    SUCCEED,
    FAIL,
    HOLD
  }

  /** One requestPayment as the window received it. */
  record Call(
      String clientKey,
      String method,
      long amount,
      String orderId,
      String orderName,
      String successUrl,
      String failUrl,
      String keys) {}

  static final String FAIL_CODE = "PAY_PROCESS_CANCELED";
  static final String FAIL_MESSAGE = "사용자에 의해 결제가 취소되었습니다.";

  private final HttpServer http;
  private final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile Mode mode = Mode.SUCCEED;
  private volatile Supplier<FakeToss> toss = () -> null;

  private GuestFakeTossWindow() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.createContext("/v1/payment", this::script);
    http.createContext("/window", this::window);
    http.start();
  }

  static GuestFakeTossWindow start() {
    try {
      return new GuestFakeTossWindow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String origin() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  String scriptUrl() {
    return origin() + "/v1/payment";
  }

  void useToss(Supplier<FakeToss> toss) {
    this.toss = toss;
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  private void script(HttpExchange ex) throws IOException {
    String js =
        "(function () {\n"
            + "  var HOLD = "
            + (mode == Mode.HOLD)
            + ";\n"
            + "  window.TossPayments = function (clientKey) {\n"
            + "    return { requestPayment: function (method, o) {\n"
            + "      var q = new URLSearchParams({clientKey: clientKey, method: method,"
            + " amount: String(o.amount), orderId: o.orderId, orderName: o.orderName,"
            + " successUrl: o.successUrl, failUrl: o.failUrl, keys: Object.keys(o).sort().join(',')});\n"
            + "      window.__tossRequests = (window.__tossRequests || 0) + 1;\n"
            + "      window.__tossHeld = o.orderId;\n"
            + "      if (!HOLD) location.href = '"
            + origin()
            + "/window?' + q;\n"
            + "      return new Promise(function () {});\n"
            + "    } };\n"
            + "  };\n"
            + "})();\n";
    send(ex, 200, "text/javascript; charset=utf-8", js);
  }

  private void window(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex.getRequestURI());
    Call call =
        new Call(
            q.get("clientKey"),
            q.get("method"),
            Long.parseLong(q.getOrDefault("amount", "-1")),
            q.get("orderId"),
            q.get("orderName"),
            q.get("successUrl"),
            q.get("failUrl"),
            q.get("keys"));
    calls.add(call);
    String to;
    if (mode == Mode.FAIL) {
      to =
          call.failUrl()
              + "?code="
              + FAIL_CODE
              + "&message="
              + enc(FAIL_MESSAGE)
              + "&orderId="
              + enc(call.orderId());
    } else {
      String paymentKey = "tgen_" + UUID.randomUUID().toString().replace("-", "");
      toss.get().authorize(paymentKey, call.orderId(), call.amount(), "카드");
      to =
          call.successUrl()
              + "?paymentKey="
              + paymentKey
              + "&orderId="
              + enc(call.orderId())
              + "&amount="
              + call.amount();
    }
    ex.getResponseHeaders().set("Location", to);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
