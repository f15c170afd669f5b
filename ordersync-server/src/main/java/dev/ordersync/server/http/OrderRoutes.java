package dev.ordersync.server.http;

import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.GetOrder;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.payment.RefundOnCancel;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.user.Caller;
import dev.ordersync.server.auth.OrderTokens;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.json.Views;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code /api/v1/orders}: customers place orders (with or without an account), read them and cancel
 * them.
 *
 * <p>Placing an order with an {@code Idempotency-Key} runs the key's claim, the order and the key's
 * record in one unit of work: either the order and the record of its response both commit, or
 * neither does.
 */
public final class OrderRoutes implements HttpService {
  private final PlaceOrder placeOrder;
  private final GetOrder getOrder;
  private final RefundOnCancel cancelOrder;
  private final IdempotencyStore idempotency;
  private final OrderTokens orderTokens;
  private final Authenticator auth;
  private final Exchange exchange;
  private final Runnable onPlaced;
  private final OrderWrites writes;

  /**
   * How the unit of work that places an order is run: alone, or grouped with other orders of the
   * same restaurant's lane into one transaction (group commit, decision 0017). Either way it
   * returns only after its work has committed.
   */
  public interface OrderWrites {
    <T> T run(UUID restaurantId, Supplier<T> work);

    /** One transaction per order: the unit of work as every other write runs it. */
    static OrderWrites oneTransactionEach(UnitOfWork unitOfWork) {
      return new OrderWrites() {
        @Override
        public <T> T run(UUID restaurantId, Supplier<T> work) {
          return unitOfWork.run(work);
        }
      };
    }
  }

  public OrderRoutes(
      PlaceOrder placeOrder,
      GetOrder getOrder,
      RefundOnCancel cancelOrder,
      IdempotencyStore idempotency,
      OrderTokens orderTokens,
      Authenticator auth,
      int maxBodyBytes,
      Runnable onPlaced,
      OrderWrites writes) {
    this.placeOrder = placeOrder;
    this.getOrder = getOrder;
    this.cancelOrder = cancelOrder;
    this.idempotency = idempotency;
    this.orderTokens = orderTokens;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
    this.onPlaced = onPlaced;
    this.writes = writes;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/", this::place).get("/{id}", this::get).post("/{id}/cancel", this::cancel);
  }

  /**
   * What the unit of work answers: the stored form of the body, and the order whose token the
   * answer carries.
   */
  private record Answer(
      int status, byte[] body, boolean replayed, UUID orderId, UUID orderTokenFor) {}

  private void place(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    byte[] raw = exchange.rawBody(req);
    if (raw.length == 0) {
      throw new HttpProblem(400, "body_required", "this request needs a JSON body");
    }
    PlaceOrder.Command command = command(parse(raw));
    Optional<String> key = idempotencyKey(req);
    String scope = caller instanceof Caller.SignedIn s ? "user:" + s.userId() : "anonymous";
    byte[] hash = sha256(raw);
    Answer answer =
        writes.run(
            command.restaurantId(),
            () -> {
              if (key.isPresent()
                  && idempotency.claim(scope, key.get(), hash)
                      instanceof IdempotencyStore.Claim.Replay replay) {
                return new Answer(
                    replay.status(), replay.body(), true, null, replay.orderTokenFor());
              }
              Order order = placeOrder.handle(caller, command);
              byte[] body = Json.bytes(Views.OrderView.of(order));
              UUID tokenFor = order.customer().anonymous() ? order.id() : null;
              key.ifPresent(k -> idempotency.record(scope, k, hash, 201, body, tokenFor));
              return new Answer(201, body, false, order.id(), tokenFor);
            });
    // The token is added here, after COMMIT, on the request's own thread: the group-commit lane
    // that ran the work above
    // serializes its restaurants' orders and should do nothing there that can wait.
    byte[] body = withToken(answer.body(), answer.orderTokenFor());
    if (answer.replayed()) {
      res.header(Exchange.IDEMPOTENT_REPLAYED, "true");
    } else {
      onPlaced.run();
      res.header(HeaderNames.LOCATION, "/api/v1/orders/" + answer.orderId());
    }
    Exchange.send(res, Status.create(answer.status()), body);
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

  private byte[] withToken(byte[] body, UUID orderTokenFor) {
    return orderTokenFor == null ? body : withToken(body, orderTokens.issue(orderTokenFor));
  }

  private JsonBody parse(byte[] raw) {
    try {
      return JsonBody.of(Json.tree(raw));
    } catch (IOException e) {
      throw new HttpProblem(400, "malformed_json", "the body is not valid JSON");
    }
  }

  private static PlaceOrder.Command command(JsonBody body) {
    // Totals and prices a client might send are not fields of this request: the server prices every
    // order itself.
    body.allow("restaurant_id", "items", "customer", "note", "fulfillment", "table");
    List<PlaceOrder.Line> lines = null;
    List<JsonBody> items = body.objects("items");
    if (items != null) {
      lines = new ArrayList<>(items.size());
      for (JsonBody item : items) {
        item.allow("menu_item_id", "quantity", "options");
        Integer quantity = item.int32("quantity");
        if (quantity == null) {
          throw new DomainException.Invalid(
              List.of(
                  new dev.ordersync.core.shared.FieldError(
                      "items[" + lines.size() + "].quantity", "is required")));
        }
        lines.add(new PlaceOrder.Line(item.uuid("menu_item_id"), quantity, item.uuids("options")));
      }
    }
    JsonBody customer = body.object("customer");
    if (customer != null) {
      customer.allow("name", "phone");
    }
    return new PlaceOrder.Command(
        body.uuid("restaurant_id"),
        lines,
        customer == null ? null : customer.string("name"),
        customer == null ? null : customer.string("phone"),
        body.string("note"),
        body.string("fulfillment"),
        body.string("table"));
  }

  private static Optional<String> idempotencyKey(ServerRequest req) {
    Optional<String> key = req.headers().first(Exchange.IDEMPOTENCY_KEY);
    if (key.isPresent()) {
      String k = key.get();
      if (k.isEmpty() || k.length() > 255 || !k.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
        throw new HttpProblem(
            400,
            "invalid_header",
            "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is ideal)");
      }
    }
    return key;
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
    Order order = getOrder.handle(auth.callerFor(req, id), id);
    Exchange.etag(res, order.version());
    Exchange.send(res, Status.OK_200, Views.OrderView.of(order));
  }

  private void cancel(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    Caller caller = auth.callerFor(req, id);
    JsonBody body = exchange.body(req, false).allow("reason");
    Order order =
        cancelOrder.cancel(
            caller,
            new CancelOrder.Command(
                id, CancelOrder.By.CUSTOMER, body.string("reason"), Exchange.ifMatch(req)));
    Exchange.etag(res, order.version());
    Exchange.send(res, Status.OK_200, Views.OrderView.of(order));
  }
}
