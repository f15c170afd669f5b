package dev.ordersync.core.payment;

import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderAccess;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The customer comes back from the gateway's payment window and OrderSync confirms the payment. The
 * amount must be the order's own total (a mismatch is refused and audited before the gateway is
 * called); on approval the order is placed and reaches the restaurant.
 *
 * <p>Exactly once: everything runs under the order's lock, so a double tap, a retried request and a
 * webhook meet one at a time, and the later ones find the payment recorded. A confirm that times
 * out is neither paid nor failed: it is answered as {@code pending} and settled by a look-up (the
 * customer's retry, the webhook, or the expiry sweep).
 */
public final class ConfirmPayment {
  public static final int MAX_KEY_LENGTH = 200;

  private final Ledger ledger;
  private final OrderAccess access;

  public ConfirmPayment(Ledger ledger, OrderAccess access) {
    this.ledger = ledger;
    this.access = access;
  }

  /**
   * What the payment window gave the customer, and the amount the customer's page believes it
   * charged.
   */
  public record Command(String paymentKey, UUID orderId, Won amount) {
    public Command {
      List<FieldError> errors = new ArrayList<>();
      checkKey(paymentKey, errors);
      checkOrderId(orderId, errors);
      if (amount == null) {
        errors.add(new FieldError("amount", "is required"));
      }
      DomainException.Invalid.throwIfAny(errors);
    }

    /** The command from the plain values a client sends, every bad one named. */
    public static Command from(String paymentKey, UUID orderId, Long amount) {
      List<FieldError> errors = new ArrayList<>();
      checkKey(paymentKey, errors);
      checkOrderId(orderId, errors);
      if (amount == null) {
        errors.add(new FieldError("amount", "is required"));
      } else if (amount < 0 || amount > Won.MAX) {
        errors.add(new FieldError("amount", "must be between 0 and " + Won.MAX));
      }
      DomainException.Invalid.throwIfAny(errors);
      return new Command(paymentKey, orderId, Won.of(amount));
    }

    private static void checkKey(String key, List<FieldError> errors) {
      if (key == null || key.isBlank()) {
        errors.add(new FieldError("payment_key", "is required"));
      } else if (key.length() > MAX_KEY_LENGTH
          || !key.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
        errors.add(
            new FieldError(
                "payment_key", "must be at most " + MAX_KEY_LENGTH + " visible ASCII characters"));
      }
    }

    private static void checkOrderId(UUID orderId, List<FieldError> errors) {
      if (orderId == null) {
        errors.add(new FieldError("order_id", "is required"));
      }
    }
  }

  /**
   * The order and its payment after the confirm. {@code pending}: the gateway did not say in time
   * whether it approved; the order still awaits its payment and a look-up will settle it.
   */
  public record Result(Order order, Payment payment, boolean pending) {}

  public Result handle(Caller caller, Command command) {
    boolean provenByGateway = caller instanceof Caller.Anonymous && holdsPaymentOf(command);
    // A refusal that must be audited is returned from the unit of work (so its audit record
    // commits) and thrown after.
    Object outcome = ledger.inUnitOfWork(() -> confirm(caller, command, provenByGateway));
    if (outcome instanceof DomainException refused) {
      throw refused;
    }
    return (Result) outcome;
  }

  /**
   * A caller without credentials may still confirm when the gateway's own record ties the payment
   * key to this order: the key comes from the gateway's payment window, which only the paying
   * customer went through (Toss's success redirect carries exactly these three values). Nothing
   * else about the order is shown to anyone else.
   */
  private boolean holdsPaymentOf(Command command) {
    Optional<GatewayPayment> seen;
    try {
      seen = ledger.gateway.lookUp(command.paymentKey());
    } catch (GatewayException.Unavailable e) {
      throw new DomainException.Unavailable(
          "payment_gateway_unavailable",
          "the payment service cannot be reached to check the payment; try again");
    } catch (GatewayException.Declined e) {
      seen = Optional.empty();
    }
    if (seen.isEmpty() || !command.orderId().toString().equals(seen.get().orderId())) {
      throw new DomainException.Unauthenticated(
          "unauthenticated",
          "send the order's token as Authorization: Bearer, or a payment key of this order");
    }
    return true;
  }

  private Object confirm(Caller caller, Command command, boolean provenByGateway) {
    if (!provenByGateway) {
      access.ownOrder(caller, command.orderId());
    }
    Order order =
        ledger
            .changes
            .lock(command.orderId())
            .orElseThrow(() -> new DomainException.NotFound("order"));
    // Checked first, whatever state the order is in: a tampered amount is always refused and
    // audited.
    if (!command.amount().equals(order.total())) {
      return amountMismatch(order, command);
    }
    Optional<Payment> existing = ledger.payments.byOrderId(order.id());
    Optional<Object> earlier = earlierOutcome(order, command, existing);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    if (order.status() != OrderStatus.AWAITING_PAYMENT) {
      throw new DomainException.Conflict(
          "invalid_transition",
          "an order that is " + order.status() + " is not awaiting a payment");
    }
    Payment attempt = nextAttempt(order, command, existing);
    ledger.payments.save(attempt);
    return askGateway(order, command, attempt);
  }

  private DomainException amountMismatch(Order order, Command command) {
    ledger.events.record(
        new PaymentEvent.AmountMismatch(
            order.id(),
            command.paymentKey(),
            command.amount().amount(),
            order.total().amount(),
            ledger.clock.instant()));
    return new DomainException.RuleViolated(
        "payment_amount_mismatch",
        "the amount does not match the order's total",
        List.of(new FieldError("amount", "must be the order's total")),
        Map.of("total", order.total().amount()));
  }

  /**
   * What an earlier confirm of this order already settled: the same payment confirmed again, a
   * payment of another key, or a confirm whose answer was lost but which the gateway approved.
   * Empty when this confirm must ask the gateway itself.
   */
  private Optional<Object> earlierOutcome(
      Order order, Command command, Optional<Payment> existing) {
    if (existing.isPresent() && existing.get().status().paid()) {
      if (existing.get().paymentKey().equals(command.paymentKey())) {
        return Optional.of(new Result(order, existing.get(), false));
      }
      throw new DomainException.Conflict(
          "order_already_paid", "this order has been paid with another payment");
    }
    Optional<Payment> sameKey = ledger.payments.byPaymentKey(command.paymentKey());
    if (sameKey.isPresent() && !sameKey.get().orderId().equals(order.id())) {
      throw new DomainException.Conflict(
          "payment_key_used", "this payment key belongs to another order");
    }
    if (existing.isPresent() && existing.get().status() == PaymentStatus.CONFIRMING) {
      // An earlier confirm's outcome is unknown: ask before confirming again, so nothing is
      // approved twice.
      Optional<GatewayPayment> seen = lookUpQuietly(existing.get().paymentKey());
      if (seen.isPresent() && seen.get().status().approved()) {
        Payment paid = ledger.approved(order, existing.get(), seen.get());
        return Optional.of(result(order, paid, existing.get()));
      }
    }
    return Optional.empty();
  }

  private Payment nextAttempt(Order order, Command command, Optional<Payment> existing) {
    Instant now = ledger.clock.instant();
    return existing
        .map(p -> p.nextAttempt(command.paymentKey(), order.total(), now))
        .orElseGet(
            () ->
                Payment.confirming(
                        Ids.newId(ledger.clock),
                        order.id(),
                        order.restaurantId(),
                        command.paymentKey(),
                        order.total(),
                        now)
                    .nextAttempt(command.paymentKey(), order.total(), now));
  }

  private Object askGateway(Order order, Command command, Payment attempt) {
    GatewayPayment approved;
    try {
      approved =
          ledger.gateway.confirm(
              command.paymentKey(), order.id().toString(), order.total(), attempt.confirmKey());
    } catch (GatewayException.Declined d) {
      return declined(order, command, attempt, d);
    } catch (GatewayException.Unavailable u) {
      return unanswered(order, command, attempt, u);
    }
    if (approved.status() == GatewayPayment.Status.WAITING_FOR_DEPOSIT
        || !approved.status().approved()) {
      // A virtual account waits for the transfer; the webhook will tell when it is DONE.
      return new Result(order, attempt, true);
    }
    return result(order, ledger.approved(order, attempt, approved), attempt);
  }

  private Object declined(
      Order order, Command command, Payment attempt, GatewayException.Declined d) {
    if ("ALREADY_PROCESSED_PAYMENT".equals(d.code())) {
      Optional<GatewayPayment> done = lookUpQuietly(command.paymentKey());
      if (done.isPresent() && done.get().status().approved()) {
        return result(order, ledger.approved(order, attempt, done.get()), attempt);
      }
    }
    ledger.payments.save(attempt.declined(ledger.clock.instant()));
    ledger.events.record(
        new PaymentEvent.Declined(
            order.id(), command.paymentKey(), d.code(), d.getMessage(), ledger.clock.instant()));
    return new DomainException.RuleViolated(
        "payment_declined",
        "the payment was not approved: " + d.getMessage(),
        List.of(),
        Map.of("gateway_code", d.code() == null ? "UNKNOWN" : d.code()));
  }

  /** The gateway did not answer the confirm: only a look-up may say whether the money was taken. */
  private Object unanswered(
      Order order, Command command, Payment attempt, GatewayException.Unavailable u) {
    Optional<GatewayPayment> seen;
    try {
      seen = ledger.gateway.lookUp(command.paymentKey());
    } catch (GatewayException e) {
      seen = null;
    }
    if (seen != null && seen.isPresent() && seen.get().status().approved()) {
      return result(order, ledger.approved(order, attempt, seen.get()), attempt);
    }
    if (!u.outcomeUnknown() && seen != null) {
      // The gateway answered that it failed, and a look-up shows nothing approved: nothing
      // happened, try again later.
      ledger.payments.save(attempt.declined(ledger.clock.instant()));
      return new DomainException.Unavailable(
          "payment_gateway_unavailable",
          "the payment service failed; nothing was charged, try again shortly");
    }
    ledger.events.record(
        new PaymentEvent.OutcomeUnknown(
            order.id(),
            command.paymentKey(),
            order.total().amount(),
            u.getMessage(),
            ledger.clock.instant()));
    return new Result(order, attempt, true);
  }

  private Object result(Order order, Payment paid, Payment attempt) {
    if (paid == null) {
      ledger.payments.save(attempt.declined(ledger.clock.instant()));
      return new DomainException.RuleViolated(
          "payment_amount_mismatch",
          "the payment service reports another amount or order for this payment");
    }
    return new Result(ledger.changes.current(order.id()).orElse(order), paid, false);
  }

  private Optional<GatewayPayment> lookUpQuietly(String paymentKey) {
    try {
      return ledger.gateway.lookUp(paymentKey);
    } catch (GatewayException e) {
      return Optional.empty();
    }
  }
}
