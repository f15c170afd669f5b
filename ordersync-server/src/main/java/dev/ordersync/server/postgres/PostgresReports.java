package dev.ordersync.server.postgres;

import dev.ordersync.core.analytics.ReportSettings;
import dev.ordersync.core.analytics.SendOwnerReports;
import dev.ordersync.core.notify.NotificationKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The owners' report choices ({@code report_settings}; no row means both on) and the reports taken
 * on ({@code report_runs}, one row per restaurant, kind and period).
 */
public final class PostgresReports implements ReportSettings, SendOwnerReports.ReportRecipients {
  private final JdbcTransactions tx;

  public PostgresReports(JdbcTransactions tx) {
    this.tx = tx;
  }

  @Override
  public Choices of(UUID restaurantId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT daily_report, weekly_report FROM report_settings WHERE restaurant_id = ?")) {
            ps.setObject(1, restaurantId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? new Choices(rs.getBoolean(1), rs.getBoolean(2)) : Choices.DEFAULT;
            }
          }
        });
  }

  @Override
  public void save(UUID restaurantId, Choices choices) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO report_settings (restaurant_id, daily_report, weekly_report)"
                      + " VALUES (?, ?, ?) ON CONFLICT (restaurant_id) DO UPDATE SET"
                      + " daily_report = excluded.daily_report, weekly_report = excluded.weekly_report")) {
            ps.setObject(1, restaurantId);
            ps.setBoolean(2, choices.daily());
            ps.setBoolean(3, choices.weekly());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<Recipient> all() {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT m.restaurant_id, min(m.user_id::text)::uuid AS owner,"
                      + " coalesce(bool_and(s.daily_report), true) AS daily,"
                      + " coalesce(bool_and(s.weekly_report), true) AS weekly"
                      + " FROM restaurant_members m"
                      + " LEFT JOIN report_settings s ON s.restaurant_id = m.restaurant_id"
                      + " WHERE m.role = 'OWNER' GROUP BY m.restaurant_id")) {
            List<Recipient> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Recipient(
                        Rows.uuid(rs, "restaurant_id"),
                        Rows.uuid(rs, "owner"),
                        rs.getBoolean("daily"),
                        rs.getBoolean("weekly")));
              }
            }
            return out;
          }
        });
  }

  @Override
  public boolean claim(UUID restaurantId, NotificationKind kind, LocalDate period, Instant at) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO report_runs (restaurant_id, kind, period, created_at)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setObject(1, restaurantId);
            ps.setString(2, kind.name());
            ps.setObject(3, period);
            Rows.set(ps, 4, at);
            return ps.executeUpdate() == 1;
          }
        });
  }
}
