package dev.ordersync.server.http;

import dev.ordersync.core.order.AcceptOrder;
import dev.ordersync.core.order.AdvanceOrder;
import dev.ordersync.core.order.CancelOrder;
import dev.ordersync.core.order.ListRestaurantOrders;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.order.RejectOrder;
import dev.ordersync.core.order.RevealCustomerPhone;
import dev.ordersync.core.payment.RefundOnCancel;
import dev.ordersync.core.payment.RefundPayment;
import dev.ordersync.core.shared.Page;
import dev.ordersync.core.user.Caller;
import dev.ordersync.server.edge.Authenticator;
import dev.ordersync.server.edge.HttpProblem;
import dev.ordersync.server.json.OrderViews.OrderView;
import dev.ordersync.server.json.OrderViews.PageView;
import dev.ordersync.server.json.PaymentViews.RefundResultView;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/restaurants/me/orders}: the order board of the restaurant the caller acts for, and
 * its moves.
 */
public final class RestaurantOrderRoutes implements HttpService {
  /** The use cases this resource calls. */
  public record UseCases(
      ListRestaurantOrders list,
      AcceptOrder accept,
      AdvanceOrder advance,
      RefundOnCancel cancel,
      RefundPayment refund,
      RevealCustomerPhone revealPhone) {}

  /** The answer of a reveal: the customer's phone as written, or null when there is none. */
  record PhoneView(String phone) {}

  private final UseCases use;
  private final Authenticator auth;
  private final Exchange exchange;

  public RestaurantOrderRoutes(UseCases use, Authenticator auth, int maxBodyBytes) {
    this.use = use;
    this.auth = auth;
    this.exchange = new Exchange(maxBodyBytes);
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .get("/", this::list)
        .post("/{id}/accept", this::accept)
        .post("/{id}/reject", this::reject)
        .post("/{id}/start", advancing(AdvanceOrder.Step.START))
        .post("/{id}/ready", advancing(AdvanceOrder.Step.MARK_READY))
        .post("/{id}/complete", advancing(AdvanceOrder.Step.COMPLETE))
        .post("/{id}/cancel", this::cancel)
        .post("/{id}/refund", this::refund)
        .post("/{id}/customer/phone", this::revealPhone);
  }

  private void list(ServerRequest req, ServerResponse res) {
    // The parameters are read only after the access check, inside the use case's unit of work.
    Page<Order> page = use.list().handle(auth.caller(req), () -> query(req));
    Exchange.send(
        res,
        Status.OK_200,
        new PageView<>(
            page.items().stream().map(OrderView::forHandler).toList(), page.nextCursor()));
  }

  private static ListRestaurantOrders.Query query(ServerRequest req) {
    Set<OrderStatus> statuses = EnumSet.noneOf(OrderStatus.class);
    for (String value : req.query().all("status", java.util.List::of)) {
      for (String s : value.split(",")) {
        if (s.isBlank()) {
          continue;
        }
        try {
          statuses.add(OrderStatus.parse(s.strip()));
        } catch (IllegalArgumentException e) {
          throw HttpProblem.field(
              "invalid_parameter", "status", "has an unknown status: " + s.strip());
        }
      }
    }
    return new ListRestaurantOrders.Query(
        statuses,
        instant(req, "from"),
        instant(req, "to"),
        param(req, "cursor").orElse(null),
        limit(req));
  }

  private static Optional<String> param(ServerRequest req, String name) {
    return req.query().first(name).asOptional();
  }

  private static Instant instant(ServerRequest req, String name) {
    Optional<String> v = param(req, name);
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(v.get());
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(v.get()).toInstant();
      } catch (DateTimeParseException e2) {
        throw HttpProblem.field(
            "invalid_parameter", name, "must be an RFC 3339 time such as 2026-11-24T06:15:00Z");
      }
    }
  }

  private static Integer limit(ServerRequest req) {
    Optional<String> v = param(req, "limit");
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw HttpProblem.field("invalid_parameter", "limit", "must be a whole number");
    }
  }

  private void accept(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    Caller caller = auth.caller(req);
    use.accept().authorize(caller, id);
    JsonBody body = exchange.body(req, false).allow("prep_minutes");
    Order order =
        use.accept()
            .handle(
                caller,
                new AcceptOrder.Command(id, body.int32("prep_minutes"), Exchange.ifMatch(req)));
    answer(res, order);
  }

  private void reject(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    Caller caller = auth.caller(req);
    use.cancel().authorizeReject(caller, id);
    JsonBody body = exchange.body(req, true).allow("reason");
    Order order =
        use.cancel()
            .reject(
                caller, new RejectOrder.Command(id, body.string("reason"), Exchange.ifMatch(req)));
    answer(res, order);
  }

  /** The kitchen's moves: no body, the step named by the path. */
  private Handler advancing(AdvanceOrder.Step step) {
    return (req, res) -> {
      UUID id = Exchange.pathId(req, "id");
      Caller caller = auth.caller(req);
      use.advance().authorize(caller, id);
      exchange.body(req, false).allow();
      answer(
          res,
          use.advance().handle(caller, new AdvanceOrder.Command(id, step, Exchange.ifMatch(req))));
    };
  }

  private void cancel(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    Caller caller = auth.caller(req);
    use.cancel().authorizeCancel(caller, id, CancelOrder.By.RESTAURANT);
    JsonBody body = exchange.body(req, true).allow("reason");
    Order order =
        use.cancel()
            .cancel(
                caller,
                new CancelOrder.Command(
                    id, CancelOrder.By.RESTAURANT, body.string("reason"), Exchange.ifMatch(req)));
    answer(res, order);
  }

  /**
   * The customer's full phone number, on purpose: recorded as an access to personal data (who,
   * when, which order) before it is answered. Never cached.
   */
  private void revealPhone(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    Caller caller = auth.caller(req);
    use.revealPhone().authorize(caller, id);
    exchange.body(req, false).allow();
    String phone = use.revealPhone().handle(caller, id);
    res.header(io.helidon.http.HeaderNames.CACHE_CONTROL, "no-store");
    Exchange.send(res, Status.OK_200, new PhoneView(phone));
  }

  private void refund(ServerRequest req, ServerResponse res) {
    UUID id = Exchange.pathId(req, "id");
    Caller caller = auth.caller(req);
    use.refund().authorize(caller, id);
    JsonBody body = exchange.body(req, true).allow("amount", "reason");
    String key = req.headers().first(Exchange.IDEMPOTENCY_KEY).orElse(null);
    if (key != null
        && (key.isEmpty()
            || key.length() > 255
            || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e))) {
      throw new HttpProblem(
          400, "invalid_header", "Idempotency-Key must be 1 to 255 visible ASCII characters");
    }
    RefundPayment.Result result =
        use.refund()
            .handle(
                caller,
                RefundPayment.Command.from(id, body.integer("amount"), body.string("reason"), key));
    if (result.replayed()) {
      res.header(Exchange.IDEMPOTENT_REPLAYED, "true");
    }
    Exchange.send(
        res, result.replayed() ? Status.OK_200 : Status.CREATED_201, RefundResultView.of(result));
  }

  private static void answer(ServerResponse res, Order order) {
    Exchange.etag(res, order.version());
    Exchange.send(res, Status.OK_200, OrderView.forHandler(order));
  }
}
