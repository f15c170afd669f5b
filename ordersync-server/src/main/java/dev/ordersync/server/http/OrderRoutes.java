package dev.ordersync.server.http;

import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.EraseOrderCustomer;
import dev.ordersync.core.order.GetOrder;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.payment.RefundOnCancel;
import dev.ordersync.core.shared.IdempotencyKey;
import dev.ordersync.core.user.Caller;
import dev.ordersync.core.user.PersonalDataAccess;
import dev.ordersync.server.auth.OrderTokens;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.OrderViews.OrderView;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/v1/orders}: customers place orders (with or without an account), read them and cancel
 * them. Placing reads the body into a command (with the request's {@code Idempotency-Key}), calls
 * {@link PlaceOrder}, which owns the key's claim, the order and the key's record in one unit of
 * work, and answers what it returns.
 */
public final class OrderRoutes implements HttpService {
  /** The use cases this resource calls. */
  public record UseCases(
      PlaceOrder place, GetOrder get, RefundOnCancel cancel, EraseOrderCustomer eraseCustomer) {}

  private final UseCases use;
  private final OrderTokens orderTokens;
  private final Authenticator auth;
  private final Exchange exchange;
  private final Runnable onPlaced;

  /** {@code onPlaced} runs once for each order placed (a replay places none): the metric. */
  public OrderRoutes(
      UseCases use,
      OrderTokens orderTokens,
      Authenticator auth,
      int maxBodyBytes,
      Runnable onPlaced) {
    this.use = use;
    this.orderTokens = orderTokens;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
    this.onPlaced = onPlaced;
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/", this::place)
        .get("/{id}", this::get)
        .post("/{id}/cancel", this::cancel)
        .delete("/{id}/customer", this::eraseCustomer);
  }

  /**
   * The guest erases their name, phone and note from the order (issue 18): 204, also when there is
   * nothing (left) to erase.
   */
  private void eraseCustomer(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    use.eraseCustomer().handle(auth.callerFor(req, id), id);
    res.status(Status.NO_CONTENT_204);
    res.send();
  }

  private void place(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    byte[] raw = exchange.rawBody(req);
    if (raw.length == 0) {
      throw new HttpProblem(400, "body_required", "this request needs a JSON body");
    }
    PlaceOrderBody body = PlaceOrderBody.read(parse(raw));
    PlaceOrder.Command command = body.command(idempotencyKey(req, raw));
    switch (use.place().handle(caller, command)) {
      case PlaceOrder.Outcome.Placed placed -> {
        onPlaced.run();
        res.header(HeaderNames.LOCATION, "/api/v1/orders/" + placed.order().id());
        // An order placed with a key is answered with the bytes its key recorded: written once.
        byte[] recorded = placed.answer();
        answer(res, recorded != null ? recorded : Json.bytes(OrderView.of(placed.order())), placed);
      }
      case PlaceOrder.Outcome.Replayed replayed -> {
        res.header(Exchange.IDEMPOTENT_REPLAYED, "true");
        answer(res, replayed.body(), replayed);
      }
    }
  }

  /**
   * Sends an order's answer. The token is added here, after COMMIT, on the request's own thread:
   * the group-commit lane that ran the order serializes its restaurants' orders and should do
   * nothing there that can wait.
   */
  private void answer(ServerResponse res, byte[] body, PlaceOrder.Outcome outcome) {
    UUID tokenFor = outcome.orderTokenFor();
    byte[] answer = tokenFor == null ? body : withToken(body, orderTokens.issue(tokenFor));
    Exchange.send(res, Status.CREATED_201, answer);
  }

  /**
   * Adds the anonymous customer's order token; it is derived from the order id, so it is never
   * stored. The body is the order's JSON object as this server wrote it (never a client's bytes),
   * so the token (base64url, nothing to escape) is written in as its last member rather than by
   * parsing and writing the whole object again.
   */
  static byte[] withToken(byte[] body, String orderToken) {
    if (orderToken == null) {
      return body;
    }
    int end = body.length - 1;
    while (end >= 0 && Character.isWhitespace(body[end])) {
      end--;
    }
    if (end < 1 || body[end] != '}' || body[0] != '{') {
      throw new IllegalStateException("an order's stored answer is not a JSON object");
    }
    boolean empty = true;
    for (int i = 1; i < end; i++) {
      if (!Character.isWhitespace(body[i])) {
        empty = false;
        break;
      }
    }
    byte[] member =
        ((empty ? "" : ",") + "\"order_token\":\"" + orderToken + "\"}")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(body, end + member.length);
    System.arraycopy(member, 0, out, end, member.length);
    return out;
  }

  private JsonBody parse(byte[] raw) {
    return Exchange.json(raw);
  }

  /** The shortest secret taken: 128 bits as base64url (a random UUID's hex digits are 122). */
  static final int MIN_SECRET_LENGTH = 22;

  /**
   * The request's idempotency key, bound to a digest of its body and to a digest of its {@code
   * Idempotency-Secret} if it has one; null without the key's header. The secret itself is never
   * kept (decision 25).
   */
  private static IdempotencyKey idempotencyKey(ServerRequest req, byte[] raw) {
    Optional<String> key = req.headers().first(Exchange.IDEMPOTENCY_KEY);
    if (key.isEmpty()) {
      return null;
    }
    byte[] secretHash = secretHash(req);
    try {
      return new IdempotencyKey(key.get(), sha256(raw), secretHash);
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(
          400,
          "invalid_header",
          "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is ideal)");
    }
  }

  private static byte[] secretHash(ServerRequest req) {
    Optional<String> secret = req.headers().first(Exchange.IDEMPOTENCY_SECRET);
    if (secret.isEmpty()) {
      return null;
    }
    String s = secret.get();
    if (s.length() < MIN_SECRET_LENGTH
        || s.length() > IdempotencyKey.MAX_LENGTH
        || !s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new HttpProblem(
          400,
          "invalid_header",
          "Idempotency-Secret must be "
              + MIN_SECRET_LENGTH
              + " to 255 visible ASCII characters (32 random bytes in base64url are ideal)");
    }
    return sha256(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] sha256(byte[] raw) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(raw);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void get(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    Caller caller = auth.callerFor(req, id);
    Order order = use.get().handle(caller, id);
    Exchange.etag(res, order.version());
    // The customer sees their own phone; the restaurant and admins see it masked (issue 17).
    boolean handler = PersonalDataAccess.handler(caller, order.customer().userId()).isPresent();
    Exchange.send(res, Status.OK_200, OrderView.of(order, handler));
  }

  private void cancel(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    Caller caller = auth.callerFor(req, id);
    use.cancel().authorizeCancel(caller, id, CancelOrder.By.CUSTOMER);
    JsonBody body = exchange.body(req, false).allow("reason");
    Order order =
        use.cancel()
            .cancel(
                caller,
                new CancelOrder.Command(
                    id, CancelOrder.By.CUSTOMER, body.string("reason"), Exchange.ifMatch(req)));
    Exchange.etag(res, order.version());
    Exchange.send(res, Status.OK_200, OrderView.of(order));
  }
}
