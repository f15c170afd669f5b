package dev.ordersync.core.memory;

import dev.ordersync.core.payment.Payment;
import dev.ordersync.core.payment.PaymentStatus;
import dev.ordersync.core.payment.Payments;
import dev.ordersync.core.payment.Refund;
import dev.ordersync.core.shared.DomainException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link Payments} in a map and a list of refunds. */
final class InMemoryPayments implements Payments, MemoryTransactions.Undoable {
  private final MemoryTransactions tx;
  private Map<UUID, Payment> payments = new LinkedHashMap<>();
  private List<Refund> refunds = new ArrayList<>();

  InMemoryPayments(MemoryTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Runnable snapshot() {
    Map<UUID, Payment> paymentsBefore = new LinkedHashMap<>(payments);
    List<Refund> refundsBefore = new ArrayList<>(refunds);
    return () -> {
      payments = paymentsBefore;
      refunds = refundsBefore;
    };
  }

  @Override
  public void save(Payment payment) {
    tx.locked(
        () -> {
          for (Payment p : payments.values()) {
            if (!p.id().equals(payment.id())
                && (p.orderId().equals(payment.orderId())
                    || p.paymentKey().equals(payment.paymentKey()))) {
              throw new DomainException.Conflict(
                  "payment_key_used", "the payment or its order already has a payment");
            }
          }
          payments.put(payment.id(), payment);
        });
  }

  @Override
  public Optional<Payment> byOrderId(UUID orderId) {
    return tx.locked(
        () -> payments.values().stream().filter(p -> p.orderId().equals(orderId)).findFirst());
  }

  @Override
  public Optional<Payment> byPaymentKey(String paymentKey) {
    return tx.locked(
        () ->
            payments.values().stream().filter(p -> p.paymentKey().equals(paymentKey)).findFirst());
  }

  @Override
  public List<Payment> confirming(int limit) {
    return tx.locked(
        () ->
            payments.values().stream()
                .filter(p -> p.status() == PaymentStatus.CONFIRMING)
                .sorted(Comparator.comparing(Payment::updatedAt))
                .limit(limit)
                .toList());
  }

  @Override
  public void addRefund(Refund refund) {
    tx.locked(() -> refunds.add(refund));
  }

  @Override
  public Optional<Refund> refundByKey(String idempotencyKey) {
    return tx.locked(
        () -> refunds.stream().filter(r -> r.idempotencyKey().equals(idempotencyKey)).findFirst());
  }

  @Override
  public List<Refund> refunds(UUID orderId) {
    return tx.locked(() -> refunds.stream().filter(r -> r.orderId().equals(orderId)).toList());
  }

  @Override
  public List<Payment> approvedBetween(UUID restaurantId, Instant from, Instant to) {
    return tx.locked(
        () ->
            payments.values().stream()
                .filter(p -> p.restaurantId().equals(restaurantId) && p.approvedAt() != null)
                .filter(p -> !p.approvedAt().isBefore(from) && p.approvedAt().isBefore(to))
                .toList());
  }

  @Override
  public List<Refund> refundedBetween(UUID restaurantId, Instant from, Instant to) {
    return tx.locked(
        () ->
            refunds.stream()
                .filter(r -> r.restaurantId().equals(restaurantId))
                .filter(r -> !r.refundedAt().isBefore(from) && r.refundedAt().isBefore(to))
                .toList());
  }
}
