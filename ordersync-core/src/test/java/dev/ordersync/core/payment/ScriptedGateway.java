package dev.ordersync.core.payment;

import dev.ordersync.core.shared.Won;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory gateway for core tests: payments the customer "authorized", confirms, cancels, and
 * scripted failures.
 */
final class ScriptedGateway implements PaymentGateway {
  final Map<String, GatewayPayment> payments = new HashMap<>();
  final Map<String, GatewayPayment> byIdempotencyKey = new HashMap<>();
  final List<String> calls = new ArrayList<>();

  /** The next confirm throws this (once). */
  GatewayException nextConfirmFails;

  /**
   * The next confirm is carried out but then throws this (a time-out after the gateway approved).
   */
  GatewayException nextConfirmSucceedsThenFails;

  GatewayException nextCancelFails;

  void authorized(String paymentKey, String orderId, long amount) {
    payments.put(
        paymentKey,
        new GatewayPayment(
            paymentKey,
            orderId,
            GatewayPayment.Status.IN_PROGRESS,
            null,
            amount,
            amount,
            null,
            List.of()));
  }

  @Override
  public GatewayPayment confirm(
      String paymentKey, String orderId, Won amount, String idempotencyKey) {
    calls.add("confirm " + paymentKey + " " + idempotencyKey);
    if (byIdempotencyKey.containsKey(idempotencyKey)) {
      return byIdempotencyKey.get(idempotencyKey);
    }
    if (nextConfirmFails != null) {
      GatewayException e = nextConfirmFails;
      nextConfirmFails = null;
      throw e;
    }
    GatewayPayment p = payments.get(paymentKey);
    if (p == null) {
      throw new GatewayException.Declined("NOT_FOUND_PAYMENT", "no such payment", 404);
    }
    if (p.status() != GatewayPayment.Status.IN_PROGRESS) {
      throw new GatewayException.Declined("ALREADY_PROCESSED_PAYMENT", "already processed", 400);
    }
    if (!p.orderId().equals(orderId) || p.totalAmount() != amount.amount()) {
      throw new GatewayException.Declined("INVALID_REQUEST", "amount or order id differ", 400);
    }
    GatewayPayment done =
        new GatewayPayment(
            paymentKey,
            orderId,
            GatewayPayment.Status.DONE,
            "카드",
            p.totalAmount(),
            p.totalAmount(),
            Instant.parse("2026-11-24T03:00:05Z"),
            List.of());
    payments.put(paymentKey, done);
    byIdempotencyKey.put(idempotencyKey, done);
    if (nextConfirmSucceedsThenFails != null) {
      GatewayException e = nextConfirmSucceedsThenFails;
      nextConfirmSucceedsThenFails = null;
      throw e;
    }
    return done;
  }

  @Override
  public Optional<GatewayPayment> lookUp(String paymentKey) {
    calls.add("lookUp " + paymentKey);
    return Optional.ofNullable(payments.get(paymentKey));
  }

  @Override
  public Optional<GatewayPayment> lookUpByOrderId(String orderId) {
    calls.add("lookUpByOrderId " + orderId);
    return payments.values().stream().filter(p -> p.orderId().equals(orderId)).findFirst();
  }

  @Override
  public GatewayPayment cancel(
      String paymentKey, String reason, Won amount, String idempotencyKey) {
    calls.add(
        "cancel "
            + paymentKey
            + " "
            + (amount == null ? "all" : amount.amount())
            + " "
            + idempotencyKey);
    if (byIdempotencyKey.containsKey(idempotencyKey)) {
      return byIdempotencyKey.get(idempotencyKey);
    }
    if (nextCancelFails != null) {
      GatewayException e = nextCancelFails;
      nextCancelFails = null;
      throw e;
    }
    GatewayPayment p = payments.get(paymentKey);
    long a = amount == null ? p.balanceAmount() : amount.amount();
    if (a > p.balanceAmount()) {
      throw new GatewayException.Declined("NOT_CANCELABLE_AMOUNT", "more than is left", 403);
    }
    List<GatewayPayment.Cancel> cancels = new ArrayList<>(p.cancels());
    cancels.add(new GatewayPayment.Cancel(a, reason, Instant.now(), "tx-" + cancels.size()));
    long left = p.balanceAmount() - a;
    GatewayPayment after =
        new GatewayPayment(
            paymentKey,
            p.orderId(),
            left == 0 ? GatewayPayment.Status.CANCELED : GatewayPayment.Status.PARTIAL_CANCELED,
            p.method(),
            p.totalAmount(),
            left,
            p.approvedAt(),
            cancels);
    payments.put(paymentKey, after);
    byIdempotencyKey.put(idempotencyKey, after);
    return after;
  }

  long confirms() {
    return calls.stream().filter(c -> c.startsWith("confirm")).count();
  }
}
