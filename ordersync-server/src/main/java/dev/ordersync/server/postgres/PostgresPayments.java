package dev.ordersync.server.postgres;

import dev.ordersync.core.payment.Payment;
import dev.ordersync.core.payment.PaymentStatus;
import dev.ordersync.core.payment.Payments;
import dev.ordersync.core.payment.Refund;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.Won;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Payments and refunds in PostgreSQL; UNIQUE(order_id) and UNIQUE(payment_key) make one payment per
 * order a fact.
 */
public final class PostgresPayments implements Payments {
  private static final String[] PAID =
      java.util.Arrays.stream(PaymentStatus.values())
          .filter(PaymentStatus::paid)
          .map(Enum::name)
          .toArray(String[]::new);

  private static final String COLUMNS =
      "id, order_id, restaurant_id, payment_key, status, method, amount, balance, attempts, approved_at, created_at,"
          + " updated_at";
  private static final String REFUND_COLUMNS =
      "id, payment_id, order_id, restaurant_id, amount, reason, method, idempotency_key, by_restaurant_cancel,"
          + " refunded_at";
  private final JdbcTransactions tx;

  public PostgresPayments(JdbcTransactions tx) {
    this.tx = tx;
  }

  @Override
  public void save(Payment p) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO payments ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (id) DO UPDATE SET payment_key = excluded.payment_key, status = excluded.status,"
                      + " method = excluded.method, amount = excluded.amount, balance = excluded.balance,"
                      + " attempts = excluded.attempts, approved_at = excluded.approved_at,"
                      + " updated_at = excluded.updated_at")) {
            ps.setObject(1, p.id());
            ps.setObject(2, p.orderId());
            ps.setObject(3, p.restaurantId());
            ps.setString(4, p.paymentKey());
            ps.setString(5, p.status().name());
            ps.setString(6, p.method());
            ps.setLong(7, p.amount().amount());
            ps.setLong(8, p.balance().amount());
            ps.setInt(9, p.attempts());
            Rows.set(ps, 10, p.approvedAt());
            Rows.set(ps, 11, p.createdAt());
            Rows.set(ps, 12, p.updatedAt());
            ps.executeUpdate();
          } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
              throw new DomainException.Conflict(
                  "payment_key_used", "the payment key or the order already has a payment");
            }
            throw e;
          }
          return null;
        });
  }

  @Override
  public Optional<Payment> byOrderId(UUID orderId) {
    return one("SELECT " + COLUMNS + " FROM payments WHERE order_id = ?", orderId);
  }

  @Override
  public Optional<Payment> byPaymentKey(String paymentKey) {
    return one("SELECT " + COLUMNS + " FROM payments WHERE payment_key = ?", paymentKey);
  }

  private Optional<Payment> one(String sql, Object param) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(payment(rs)) : Optional.<Payment>empty();
            }
          }
        });
  }

  @Override
  public List<Payment> confirming(int limit) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM payments WHERE status = 'CONFIRMING' ORDER BY updated_at LIMIT ?")) {
            ps.setInt(1, limit);
            List<Payment> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(payment(rs));
              }
            }
            return out;
          }
        });
  }

  @Override
  public void addRefund(Refund r) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO refunds ("
                      + REFUND_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, r.id());
            ps.setObject(2, r.paymentId());
            ps.setObject(3, r.orderId());
            ps.setObject(4, r.restaurantId());
            ps.setLong(5, r.amount().amount());
            ps.setString(6, r.reason());
            ps.setString(7, r.method());
            ps.setString(8, r.idempotencyKey());
            ps.setBoolean(9, r.byRestaurantCancel());
            Rows.set(ps, 10, r.refundedAt());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Refund> refundByKey(String idempotencyKey) {
    List<Refund> found =
        refunds(
            "SELECT " + REFUND_COLUMNS + " FROM refunds WHERE idempotency_key = ?", idempotencyKey);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  @Override
  public List<Refund> refunds(UUID orderId) {
    return refunds(
        "SELECT " + REFUND_COLUMNS + " FROM refunds WHERE order_id = ? ORDER BY refunded_at, id",
        orderId);
  }

  @Override
  public List<Payment> approvedBetween(UUID restaurantId, Instant from, Instant to) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM payments WHERE restaurant_id = ? AND approved_at >= ? AND approved_at < ?"
                      + " AND status = ANY (?) ORDER BY approved_at, id")) {
            ps.setObject(1, restaurantId);
            Rows.set(ps, 2, from);
            Rows.set(ps, 3, to);
            // Which statuses mean the money was taken is the core's rule (PaymentStatus.paid()).
            ps.setArray(4, c.createArrayOf("text", PAID));
            List<Payment> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(payment(rs));
              }
            }
            return out;
          }
        });
  }

  @Override
  public List<Refund> refundedBetween(UUID restaurantId, Instant from, Instant to) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + REFUND_COLUMNS
                      + " FROM refunds WHERE restaurant_id = ? AND refunded_at >= ?"
                      + " AND refunded_at < ? ORDER BY refunded_at, id")) {
            ps.setObject(1, restaurantId);
            Rows.set(ps, 2, from);
            Rows.set(ps, 3, to);
            return readRefunds(ps);
          }
        });
  }

  private List<Refund> refunds(String sql, Object param) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            return readRefunds(ps);
          }
        });
  }

  private static List<Refund> readRefunds(PreparedStatement ps) throws SQLException {
    List<Refund> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Refund(
                Rows.uuid(rs, "id"),
                Rows.uuid(rs, "payment_id"),
                Rows.uuid(rs, "order_id"),
                Rows.uuid(rs, "restaurant_id"),
                Won.of(rs.getLong("amount")),
                rs.getString("reason"),
                rs.getString("method"),
                rs.getString("idempotency_key"),
                rs.getBoolean("by_restaurant_cancel"),
                Rows.instant(rs, "refunded_at")));
      }
    }
    return out;
  }

  private static Payment payment(ResultSet rs) throws SQLException {
    return new Payment(
        Rows.uuid(rs, "id"),
        Rows.uuid(rs, "order_id"),
        Rows.uuid(rs, "restaurant_id"),
        rs.getString("payment_key"),
        PaymentStatus.valueOf(rs.getString("status")),
        rs.getString("method"),
        Won.of(rs.getLong("amount")),
        Won.of(rs.getLong("balance")),
        rs.getInt("attempts"),
        Rows.instant(rs, "approved_at"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "updated_at"));
  }
}
