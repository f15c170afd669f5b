package dev.ordersync.core.payment;

import dev.ordersync.core.menu.Menus;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderAccess;
import dev.ordersync.core.order.OrderChanges;
import dev.ordersync.core.order.OrderEvents;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.order.Orders;
import dev.ordersync.core.restaurant.StaffAccess;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.Ids;
import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.core.shared.Won;
import dev.ordersync.core.user.Caller;
import java.time.Clock;
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

  private final Orders orders;
  private final OrderAccess access;
  private final Ledger ledger;
  private final UnitOfWork unitOfWork;
  private final Clock clock;

  public ConfirmPayment(
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
    this.access = new OrderAccess(orders, staff);
    this.ledger =
        new Ledger(
            payments,
            events,
            gateway,
            new OrderChanges(orders, menus, orderEvents, unitOfWork, clock),
            clock);
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /**
   * What the payment window gave the customer, and the amount the customer's page believes it
   * charged.
   */
  public record Command(String paymentKey, UUID orderId, Long amount) {}

  /**
   * The order and its payment after the confirm. {@code pending}: the gateway did not say in time
   * whether it approved; the order still awaits its payment and a look-up will settle it.
   */
  public record Result(Order order, Payment payment, boolean pending) {}

  public Result handle(Caller caller, Command command) {
    check(command);
    boolean provenByGateway = caller instanceof Caller.Anonymous && holdsPaymentOf(command);
    // A refusal that must be audited is returned from the unit of work (so its audit record
    // commits) and thrown after.
    Object outcome = unitOfWork.run(() -> confirm(caller, command, provenByGateway));
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
        orders
            .byIdForUpdate(command.orderId())
            .orElseThrow(() -> new DomainException.NotFound("order"));
    Instant now = clock.instant();
    // Checked first, whatever state the order is in: a tampered amount is always refused and
    // audited.
    if (command.amount() != order.total().amount()) {
      ledger.events.record(
          new PaymentEvent.AmountMismatch(
              order.id(), command.paymentKey(), command.amount(), order.total().amount(), now));
      return new DomainException.RuleViolated(
          "payment_amount_mismatch",
          "the amount does not match the order's total",
          List.of(new FieldError("amount", "must be the order's total")),
          Map.of("total", order.total().amount()));
    }
    Optional<Payment> existing = ledger.payments.byOrderId(order.id());
    if (existing.isPresent() && existing.get().status().paid()) {
      if (existing.get().paymentKey().equals(command.paymentKey())) {
        return new Result(order, existing.get(), false);
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
      Optional<GatewayPayment> earlier = lookUpQuietly(existing.get().paymentKey());
      if (earlier.isPresent() && earlier.get().status().approved()) {
        Payment paid = ledger.approved(order, existing.get(), earlier.get());
        return result(order, paid, existing.get());
      }
    }
    if (order.status() != OrderStatus.AWAITING_PAYMENT) {
      throw new DomainException.Conflict(
          "invalid_transition",
          "an order that is " + order.status() + " is not awaiting a payment");
    }
    Payment attempt =
        existing
            .map(p -> p.nextAttempt(command.paymentKey(), order.total(), now))
            .orElseGet(
                () ->
                    Payment.confirming(
                            Ids.newId(clock),
                            order.id(),
                            order.restaurantId(),
                            command.paymentKey(),
                            order.total(),
                            now)
                        .nextAttempt(command.paymentKey(), order.total(), now));
    ledger.payments.save(attempt);
    GatewayPayment approved;
    try {
      approved =
          ledger.gateway.confirm(
              command.paymentKey(), order.id().toString(), order.total(), attempt.confirmKey());
    } catch (GatewayException.Declined d) {
      if ("ALREADY_PROCESSED_PAYMENT".equals(d.code())) {
        Optional<GatewayPayment> done = lookUpQuietly(command.paymentKey());
        if (done.isPresent() && done.get().status().approved()) {
          return result(order, ledger.approved(order, attempt, done.get()), attempt);
        }
      }
      ledger.payments.save(attempt.declined(clock.instant()));
      ledger.events.record(
          new PaymentEvent.Declined(
              order.id(), command.paymentKey(), d.code(), d.getMessage(), clock.instant()));
      return new DomainException.RuleViolated(
          "payment_declined",
          "the payment was not approved: " + d.getMessage(),
          List.of(),
          Map.of("gateway_code", d.code() == null ? "UNKNOWN" : d.code()));
    } catch (GatewayException.Unavailable u) {
      // Only a look-up may say whether the money was taken.
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
        ledger.payments.save(attempt.declined(clock.instant()));
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
              clock.instant()));
      return new Result(order, attempt, true);
    }
    if (approved.status() == GatewayPayment.Status.WAITING_FOR_DEPOSIT
        || !approved.status().approved()) {
      // A virtual account waits for the transfer; the webhook will tell when it is DONE.
      return new Result(order, attempt, true);
    }
    return result(order, ledger.approved(order, attempt, approved), attempt);
  }

  private Object result(Order order, Payment paid, Payment attempt) {
    if (paid == null) {
      ledger.payments.save(attempt.declined(clock.instant()));
      return new DomainException.RuleViolated(
          "payment_amount_mismatch",
          "the payment service reports another amount or order for this payment");
    }
    return new Result(orders.byId(order.id()).orElse(order), paid, false);
  }

  private Optional<GatewayPayment> lookUpQuietly(String paymentKey) {
    try {
      return ledger.gateway.lookUp(paymentKey);
    } catch (GatewayException e) {
      return Optional.empty();
    }
  }

  private static void check(Command c) {
    List<FieldError> errors = new ArrayList<>();
    if (c.paymentKey() == null || c.paymentKey().isBlank()) {
      errors.add(new FieldError("payment_key", "is required"));
    } else if (c.paymentKey().length() > MAX_KEY_LENGTH
        || !c.paymentKey().chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
      errors.add(
          new FieldError(
              "payment_key", "must be at most " + MAX_KEY_LENGTH + " visible ASCII characters"));
    }
    if (c.orderId() == null) {
      errors.add(new FieldError("order_id", "is required"));
    }
    if (c.amount() == null) {
      errors.add(new FieldError("amount", "is required"));
    } else if (c.amount() < 0 || c.amount() > Won.MAX) {
      errors.add(new FieldError("amount", "must be between 0 and " + Won.MAX));
    }
    if (!errors.isEmpty()) {
      throw new DomainException.Invalid(errors);
    }
  }
}
