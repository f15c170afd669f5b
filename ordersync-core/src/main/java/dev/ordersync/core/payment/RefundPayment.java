package dev.ordersync.core.payment;

import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderChanges;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.order.Orders;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The owner gives money back for a paid order: all that is left, or part of it, never more. Each
 * refund is one gateway cancel with its own idempotency key, recorded and audited. Refunds of one
 * order run one at a time under its lock, so two at once cannot together exceed what is left.
 */
public final class RefundPayment {
  private final Orders orders;
  private final StaffAccess staff;
  private final Ledger ledger;
  private final UnitOfWork unitOfWork;

  public RefundPayment(
      Orders orders,
      Menus menus,
      OrderEvents orderEvents,
      StaffAccess staff,
      Payments payments,
      PaymentEvents events,
      PaymentGateway gateway,
      UnitOfWork unitOfWork,
      Clock clock) {
    this.orders = orders;
    this.staff = staff;
    this.ledger =
        new Ledger(
            payments,
            events,
            gateway,
            new OrderChanges(orders, menus, orderEvents, unitOfWork, clock),
            clock);
    this.unitOfWork = unitOfWork;
  }

  /**
   * @param amount the won to give back, or null for all that is left
   * @param requestKey the client's idempotency key for this refund, or null; the same key never
   *     refunds twice
   */
  public record Command(UUID orderId, Long amount, String reason, String requestKey) {}

  /**
   * The payment after the refund, and the refund. {@code replayed}: the same request key had
   * already refunded.
   */
  public record Result(Payment payment, Refund refund, boolean replayed) {}

  public Result handle(Caller caller, Command command) {
    String reason = command.reason() == null ? null : command.reason().strip();
    if (reason == null || reason.isEmpty() || reason.length() > 200) {
      throw new DomainException.Invalid("reason", "is required, at most 200 characters");
    }
    if (command.amount() != null && (command.amount() < 1 || command.amount() > Won.MAX)) {
      throw new DomainException.Invalid("amount", "must be at least 1 won");
    }
    return unitOfWork.run(
        () -> {
          UUID restaurantId = staff.requireOwner(caller);
          Order order =
              orders
                  .byIdForUpdate(command.orderId())
                  .filter(o -> o.restaurantId().equals(restaurantId))
                  .orElseThrow(() -> new DomainException.NotFound("order"));
          Payment payment =
              ledger
                  .payments
                  .byOrderId(order.id())
                  .filter(p -> p.status().paid())
                  .orElseThrow(
                      () ->
                          new DomainException.RuleViolated(
                              "not_paid", "this order has no online payment to refund"));
          String key =
              command.requestKey() == null
                  ? stateKeyOf(order.id(), payment.balance().amount(), command.amount())
                  : keyOf(order.id(), command.requestKey());
          Optional<Refund> done = ledger.payments.refundByKey(key);
          if (done.isPresent()) {
            return new Result(payment, done.get(), true);
          }
          Won amount = command.amount() == null ? payment.balance() : Won.of(command.amount());
          if (payment.balance().amount() == 0 || amount.compareTo(payment.balance()) > 0) {
            throw new DomainException.RuleViolated(
                "refund_exceeds_balance",
                "only " + payment.balance().amount() + " won is left to refund",
                List.of(new FieldError("amount", "must be at most " + payment.balance().amount())),
                Map.of("balance", payment.balance().amount()));
          }
          Payment after;
          try {
            after =
                ledger.refund(
                    order, payment, command.amount() == null ? null : amount, reason, key, false);
          } catch (GatewayException.Declined d) {
            throw new DomainException.RuleViolated(
                "refund_declined",
                "the payment service refused the refund: " + d.getMessage(),
                List.of(),
                Map.of("gateway_code", d.code() == null ? "UNKNOWN" : d.code()));
          } catch (GatewayException.Unavailable u) {
            throw new DomainException.Unavailable(
                "payment_gateway_unavailable",
                "the payment service cannot be reached; retry with the same Idempotency-Key");
          }
          return new Result(after, ledger.payments.refundByKey(key).orElseThrow(), false);
        });
  }

  /**
   * The gateway key of a refund asked for without a key of the client's: named by where it starts
   * from, the balance before it and the amount asked ({@code null}: all of it). A refund that timed
   * out at the gateway leaves the balance as it was, so the same request sent again by hand carries
   * the same gateway key and the gateway carries it out at most once; once a refund is recorded the
   * balance has moved, so a deliberate second refund of the same amount gets a key of its own.
   * Balances only go down, so no two refunds of one payment start from the same state.
   */
  static String stateKeyOf(UUID orderId, long balanceBefore, Long amount) {
    return gatewayKey(
        "refund-state-",
        orderId,
        "balance " + balanceBefore + ", refund " + (amount == null ? "all" : amount));
  }

  /**
   * The gateway key of a refund asked for with the client's own key: the same client key gives the
   * same gateway key.
   */
  static String keyOf(UUID orderId, String requestKey) {
    return gatewayKey("refund-", orderId, requestKey);
  }

  private static String gatewayKey(String prefix, UUID orderId, String named) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(named.getBytes(StandardCharsets.UTF_8));
      return prefix + orderId + "-" + HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
