package dev.ordersync.server.toss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A local Toss Payments server for tests and examples, following Toss's documented API v1 the way
 * stripe-mock follows Stripe's: Basic auth with the secret key and a colon, {@code POST
 * /v1/payments/confirm}, {@code GET /v1/payments/{paymentKey}}, {@code GET
 * /v1/payments/orders/{orderId}}, {@code POST /v1/payments/{paymentKey}/cancel}, errors as status
 * plus {@code {"code", "message"}}, {@code Idempotency-Key} on POSTs (the first answer replayed,
 * 409 {@code IDEMPOTENT_REQUEST_PROCESSING} while the first is in flight), {@code
 * TossPayments-Test-Code} error injection, and {@code PAYMENT_STATUS_CHANGED} webhooks.
 *
 * <p>What the customer does in Toss's payment window is done by the test: {@link #authorize}
 * creates a payment that is authenticated and waiting for its confirm ({@code IN_PROGRESS}).
 * Failures the server under test cannot ask for by header are scripted: {@link #failNext}, {@link
 * #delayNext}.
 */
public final class FakeToss implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{6,64}");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final ZoneOffset SEOUL = ZoneOffset.ofHours(9);

  private final String secretKey;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, ObjectNode> payments = new ConcurrentHashMap<>();
  private final Map<String, Answer> idempotent = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
  private final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<String> traceparents =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger confirms = new AtomicInteger();
  private final AtomicInteger cancels = new AtomicInteger();

  private record Answer(int status, byte[] body) {
    static final Answer IN_FLIGHT = new Answer(0, new byte[0]);
  }

  /**
   * A scripted behaviour for the next matching request: a forced error, or a delay before
   * answering.
   */
  private record Scripted(String operation, String errorCode, Duration delay) {}

  private FakeToss(String secretKey) throws IOException {
    this.secretKey = secretKey;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(executor);
    server.createContext("/v1/payments", this::handle);
    server.start();
  }

  /** A fake Toss on a free port of 127.0.0.1 that accepts only {@code secretKey}. */
  public static FakeToss start(String secretKey) {
    try {
      return new FakeToss(secretKey);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Toss server", e);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public String secretKey() {
    return secretKey;
  }

  /**
   * The customer went through the payment window: a payment authenticated and waiting for its
   * confirm.
   */
  public synchronized void authorize(
      String paymentKey, String orderId, long amount, String method) {
    ObjectNode p = JSON.createObjectNode();
    p.put("mId", "tosspayments");
    p.put("version", "2022-11-16");
    p.put("paymentKey", paymentKey);
    p.put("orderId", orderId);
    p.put("orderName", "OrderSync order");
    p.put("status", "IN_PROGRESS");
    p.put("method", method);
    p.put("currency", "KRW");
    p.put("totalAmount", amount);
    p.put("balanceAmount", amount);
    p.put("requestedAt", now());
    p.putNull("approvedAt");
    p.putArray("cancels");
    p.putNull("card");
    payments.put(paymentKey, p);
  }

  /**
   * The next request of {@code operation} ("confirm", "cancel", "lookup") answers with this Toss
   * error code.
   */
  public void failNext(String operation, String errorCode) {
    script.add(new Scripted(operation, errorCode, null));
  }

  /**
   * The next request of {@code operation} is carried out, but answered only after {@code delay}.
   */
  public void delayNext(String operation, Duration delay) {
    script.add(new Scripted(operation, null, delay));
  }

  /** The payment as Toss holds it now (a copy), or null. */
  public JsonNode payment(String paymentKey) {
    ObjectNode p = payments.get(paymentKey);
    return p == null ? null : p.deepCopy();
  }

  public int confirmCalls() {
    return confirms.get();
  }

  public int cancelCalls() {
    return cancels.get();
  }

  /** The W3C trace context of every request that carried one, as "METHOD path traceparent". */
  public List<String> traceparents() {
    synchronized (traceparents) {
      return List.copyOf(traceparents);
    }
  }

  /** Every request received, as "METHOD path [Idempotency-Key]". */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /**
   * Sends a {@code PAYMENT_STATUS_CHANGED} webhook about the payment to {@code url}; returns the
   * answer's status.
   */
  public int sendWebhook(URI url, String paymentKey) {
    ObjectNode event = JSON.createObjectNode();
    event.put("eventType", "PAYMENT_STATUS_CHANGED");
    event.put("createdAt", now());
    event.set("data", payment(paymentKey));
    return sendRawWebhook(url, event.toString());
  }

  /** Sends any body as a webhook (for forged ones). */
  public int sendRawWebhook(URI url, String body) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(url)
                      .header("Content-Type", "application/json")
                      .timeout(Duration.ofSeconds(30))
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- the API ----

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
      requests.add(method + " " + path + (key == null ? "" : " " + key));
      String traceparent = ex.getRequestHeaders().getFirst("traceparent");
      if (traceparent != null) {
        traceparents.add(method + " " + path + " " + traceparent);
      }
      byte[] body = readAll(ex.getRequestBody());
      if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, error(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다."));
        return;
      }
      String testCode = ex.getRequestHeaders().getFirst("TossPayments-Test-Code");
      if (method.equals("GET")) {
        send(ex, answer("lookup", testCode, () -> lookUp(path)));
        return;
      }
      if (!method.equals("POST")) {
        send(ex, error(405, "INVALID_REQUEST", "method not allowed"));
        return;
      }
      String operation = path.endsWith("/cancel") ? "cancel" : "confirm";
      if (key == null) {
        send(ex, answer(operation, testCode, () -> post(path, body)));
        return;
      }
      if (key.isEmpty() || key.length() > 300) {
        send(ex, error(400, "INVALID_REQUEST", "Idempotency-Key must be 1 to 300 characters"));
        return;
      }
      String scoped = secretKey + "|" + key;
      Answer previous = idempotent.putIfAbsent(scoped, Answer.IN_FLIGHT);
      if (previous == Answer.IN_FLIGHT) {
        send(ex, error(409, "IDEMPOTENT_REQUEST_PROCESSING", "이전 멱등 요청이 처리 중입니다."));
        return;
      }
      if (previous != null) {
        send(ex, previous);
        return;
      }
      Answer first;
      try {
        first = answer(operation, testCode, () -> post(path, body));
      } catch (RuntimeException e) {
        idempotent.remove(scoped);
        throw e;
      }
      idempotent.put(scoped, first);
      send(ex, first);
    }
  }

  private Answer answer(
      String operation, String testCode, java.util.function.Supplier<Answer> work) {
    Scripted scripted = null;
    for (Scripted s : script) {
      if (s.operation().equals(operation)) {
        if (script.remove(s)) {
          scripted = s;
        }
        break;
      }
    }
    if (testCode != null && !testCode.isBlank()) {
      return error(statusOf(testCode), testCode, "TossPayments-Test-Code: " + testCode);
    }
    if (scripted != null && scripted.errorCode() != null) {
      return error(
          statusOf(scripted.errorCode()),
          scripted.errorCode(),
          "scripted failure: " + scripted.errorCode());
    }
    Answer a = work.get();
    if (scripted != null && scripted.delay() != null) {
      try {
        Thread.sleep(scripted.delay());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return a;
  }

  private Answer lookUp(String path) {
    String rest = path.substring("/v1/payments/".length());
    ObjectNode p;
    if (rest.startsWith("orders/")) {
      String orderId = decode(rest.substring("orders/".length()));
      p =
          payments.values().stream()
              .filter(x -> x.path("orderId").asText().equals(orderId))
              .findFirst()
              .orElse(null);
    } else {
      p = payments.get(decode(rest));
    }
    if (p == null) {
      return error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.");
    }
    return ok(p);
  }

  private synchronized Answer post(String path, byte[] raw) {
    JsonNode body;
    try {
      body = JSON.readTree(raw);
    } catch (IOException e) {
      return error(400, "INVALID_REQUEST", "잘못된 요청입니다.");
    }
    if (body == null || !body.isObject()) {
      return error(400, "INVALID_REQUEST", "잘못된 요청입니다.");
    }
    if (path.equals("/v1/payments/confirm")) {
      confirms.incrementAndGet();
      return confirm(body);
    }
    if (path.startsWith("/v1/payments/") && path.endsWith("/cancel")) {
      cancels.incrementAndGet();
      String key =
          decode(path.substring("/v1/payments/".length(), path.length() - "/cancel".length()));
      return cancel(key, body);
    }
    return error(404, "NOT_FOUND", "no such API");
  }

  private Answer confirm(JsonNode body) {
    String paymentKey = body.path("paymentKey").asText(null);
    String orderId = body.path("orderId").asText(null);
    JsonNode amount = body.get("amount");
    if (paymentKey == null || orderId == null || amount == null || !amount.canConvertToLong()) {
      return error(400, "INVALID_REQUEST", "paymentKey, orderId and amount are required");
    }
    if (!ORDER_ID.matcher(orderId).matches()) {
      return error(
          400, "INVALID_REQUEST", "orderId must be 6 to 64 characters of A-Z, a-z, 0-9, - and _");
    }
    ObjectNode p = payments.get(paymentKey);
    if (p == null) {
      return error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.");
    }
    if (!p.path("status").asText().equals("IN_PROGRESS")) {
      return error(400, "ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다.");
    }
    if (!p.path("orderId").asText().equals(orderId)
        || p.path("totalAmount").asLong() != amount.asLong()) {
      return error(400, "INVALID_REQUEST", "결제 금액 혹은 주문번호가 일치하지 않습니다.");
    }
    p.put("status", "DONE");
    p.put("approvedAt", now());
    if ("카드".equals(p.path("method").asText())) {
      ObjectNode card = p.putObject("card");
      card.put("issuerCode", "61");
      card.put("number", "43301234****123*");
      card.put("approveNo", "00000000");
    }
    return ok(p);
  }

  private Answer cancel(String paymentKey, JsonNode body) {
    ObjectNode p = payments.get(paymentKey);
    if (p == null) {
      return error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.");
    }
    String reason = body.path("cancelReason").asText(null);
    if (reason == null || reason.isBlank()) {
      return error(400, "INVALID_REQUEST", "cancelReason is required");
    }
    String status = p.path("status").asText();
    if (status.equals("CANCELED")) {
      return error(400, "ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다.");
    }
    if (!status.equals("DONE") && !status.equals("PARTIAL_CANCELED")) {
      return error(403, "NOT_CANCELABLE_PAYMENT", "취소 할 수 없는 결제 입니다.");
    }
    long balance = p.path("balanceAmount").asLong();
    long amount =
        body.has("cancelAmount") && !body.get("cancelAmount").isNull()
            ? body.get("cancelAmount").asLong()
            : balance;
    if (amount <= 0 || amount > balance) {
      return error(403, "NOT_CANCELABLE_AMOUNT", "취소 할 수 없는 금액 입니다.");
    }
    long left = balance - amount;
    ArrayNode cancels = (ArrayNode) p.get("cancels");
    ObjectNode c = cancels.addObject();
    c.put("cancelAmount", amount);
    c.put("cancelReason", reason);
    c.put("canceledAt", now());
    c.put("transactionKey", "tx_" + java.util.UUID.randomUUID().toString().replace("-", ""));
    c.put("refundableAmount", left);
    c.put("cancelStatus", "DONE");
    p.put("balanceAmount", left);
    p.put("status", left == 0 ? "CANCELED" : "PARTIAL_CANCELED");
    return ok(p);
  }

  // ---- plumbing ----

  private boolean authorized(String header) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
    return expected.equals(header);
  }

  static int statusOf(String code) {
    return switch (code) {
      case "ALREADY_PROCESSED_PAYMENT",
          "INVALID_REQUEST",
          "ALREADY_CANCELED_PAYMENT",
          "INVALID_CARD_NUMBER",
          "EXCEED_MAX_AMOUNT",
          "INVALID_CARD_EXPIRATION" ->
          400;
      case "UNAUTHORIZED_KEY" -> 401;
      case "REJECT_CARD_PAYMENT",
          "NOT_CANCELABLE_AMOUNT",
          "NOT_CANCELABLE_PAYMENT",
          "REJECT_CARD_COMPANY",
          "FORBIDDEN_REQUEST",
          "INVALID_PASSWORD" ->
          403;
      case "NOT_FOUND_PAYMENT", "NOT_FOUND_PAYMENT_SESSION", "NOT_FOUND" -> 404;
      case "IDEMPOTENT_REQUEST_PROCESSING" -> 409;
      default -> code.startsWith("FAILED_") || code.startsWith("UNKNOWN") ? 500 : 400;
    };
  }

  private static Answer ok(ObjectNode payment) {
    return new Answer(200, payment.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Answer error(int status, String code, String message) {
    ObjectNode e = JSON.createObjectNode();
    e.put("code", code);
    e.put("message", message);
    return new Answer(status, e.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, Answer a) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(a.body());
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String now() {
    return OffsetDateTime.now(SEOUL).truncatedTo(ChronoUnit.SECONDS).format(TIME);
  }
}
