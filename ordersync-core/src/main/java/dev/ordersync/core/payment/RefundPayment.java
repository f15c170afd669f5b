package dev.ordersync.core.payment;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The owner gives money back for a paid order: all that is left, or part of it, never more. Each
 * refund is one gateway cancel with its own idempotency key, recorded and audited. Refunds of one
 * order run one at a time under its lock, so two at once cannot together exceed what is left.
 */
public final class RefundPayment {
  private final Ledger ledger;
  private final StaffAccess staff;

  public RefundPayment(Ledger ledger, StaffAccess staff) {
    this.ledger = ledger;
    this.staff = staff;
  }

  /**
   * @param amount the won to give back (at least 1), or null for all that is left
   * @param reason why, at most 200 characters; kept stripped
   * @param requestKey the client's idempotency key for this refund, or null; the same key never
   *     refunds twice
   */
  public record Command(UUID orderId, Won amount, String reason, String requestKey) {
    public Command {
      Objects.requireNonNull(orderId, "orderId");
      reason = checkReason(reason);
      if (amount != null && amount.amount() < 1) {
        throw amountRefused();
      }
    }

    /** The command from the plain values a client sends. */
    public static Command from(UUID orderId, Long amount, String reason, String requestKey) {
      String checked = checkReason(reason);
      if (amount != null && (amount < 1 || amount > Won.MAX)) {
        throw amountRefused();
      }
      return new Command(orderId, amount == null ? null : Won.of(amount), checked, requestKey);
    }

    private static String checkReason(String reason) {
      String r = reason == null ? null : reason.strip();
      if (r == null || r.isEmpty() || r.length() > 200) {
        throw new DomainException.Invalid("reason", "is required, at most 200 characters");
      }
      return r;
    }

    private static DomainException amountRefused() {
      return new DomainException.Invalid("amount", "must be at least 1 won");
    }
  }

  /**
   * The payment after the refund, and the refund. {@code replayed}: the same request key had
   * already refunded.
   */
  public record Result(Payment payment, Refund refund, boolean replayed) {}

  /**
   * Refuses a caller who may not refund this order, exactly as {@link #handle} would (401, 403, or
   * 404 for what is not theirs), before the request's input is read or validated; raises no tenant
   * wall.
   */
  public void authorize(Caller caller, UUID orderId) {
    ledger.inUnitOfWork(
        () -> {
          UUID restaurantId = staff.checkOwner(caller);
          return ledger
              .changes
              .current(orderId)
              .filter(o -> o.restaurantId().equals(restaurantId))
              .orElseThrow(() -> new DomainException.NotFound("order"));
        });
  }

  public Result handle(Caller caller, Command command) {
    return ledger.inUnitOfWork(
        () -> {
          UUID restaurantId = staff.requireOwner(caller);
          Order order =
              ledger
                  .changes
                  .lock(command.orderId())
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
          Long asked = command.amount() == null ? null : command.amount().amount();
          String key =
              command.requestKey() == null
                  ? stateKeyOf(order.id(), payment.balance().amount(), asked)
                  : keyOf(order.id(), command.requestKey());
          Optional<Refund> done = ledger.payments.refundByKey(key);
          if (done.isPresent()) {
            return new Result(payment, done.get(), true);
          }
          return refund(order, payment, command, key);
        });
  }

  private Result refund(Order order, Payment payment, Command command, String key) {
    Won amount = command.amount() == null ? payment.balance() : command.amount();
    if (payment.balance().amount() == 0 || amount.compareTo(payment.balance()) > 0) {
      throw new DomainException.RuleViolated(
          "refund_exceeds_balance",
          "only " + payment.balance().amount() + " won is left to refund",
          List.of(new FieldError("amount", "must be at most " + payment.balance().amount())),
          Map.of("balance", payment.balance().amount()));
    }
    Payment after;
    try {
      after = ledger.refund(order, payment, command.amount(), command.reason(), key, false);
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
