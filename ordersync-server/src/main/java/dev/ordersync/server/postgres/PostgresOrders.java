package dev.ordersync.server.postgres;

import dev.ordersync.core.order.Customer;
import dev.ordersync.core.order.Fulfillment;
import dev.ordersync.core.order.Order;
import dev.ordersync.core.order.OrderLine;
import dev.ordersync.core.order.OrderNumber;
import dev.ordersync.core.order.OrderStatus;
import dev.ordersync.core.order.Orders;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.PhoneNumber;
import dev.ordersync.core.shared.Won;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Orders and their lines in PostgreSQL. The lines are written once, when the order is added, and
 * never changed.
 */
public final class PostgresOrders implements Orders {
  private static final String COLUMNS =
      "id, restaurant_id, number, status, version, fulfillment, table_label, note_ct, customer_user_id, customer_name_ct,"
          + " customer_phone_ct, subtotal, discount, total, prep_minutes, ready_by, reason, created_at, updated_at,"
          + " customer_sms_consent";
  private static final String INSERT_WITH_LINES =
      "INSERT INTO orders ("
          + COLUMNS
          + ", business_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?, ?, ?);"
          + " INSERT INTO order_lines (order_id, line_no, menu_item_id, name, unit_price, quantity, line_total,"
          + " restaurant_id, base_price, options, price_rule_id, price_rule_name)"
          + " SELECT ?, l.n::integer, l.item, l.name, l.unit, l.quantity, l.total, ?, l.base, l.options::jsonb,"
          + " l.rule, l.rule_name FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::integer[], ?::bigint[],"
          + " ?::bigint[], ?::text[], ?::uuid[], ?::text[])"
          + " WITH ORDINALITY AS l (item, name, unit, quantity, total, base, options, rule, rule_name, n)";
  private final JdbcTransactions tx;
  private final Columns columns;

  public PostgresOrders(JdbcTransactions tx, Columns columns) {
    this.tx = tx;
    this.columns = columns;
  }

  @Override
  public void add(Order o, LocalDate businessDay) {
    String subject = Columns.orderSubject(o.id(), o.customer().userId());
    if (o.customer().userId() == null
        && (o.note() != null || o.customer().name() != null || o.customer().phone() != null)) {
      // An anonymous order's subject is the order itself, whose id was made a moment ago: its key
      // is new, so it is stored without a look-up first (one round trip instead of two).
      columns.crypto().createSubjectKey(subject);
    }
    tx.withConnection(
        c -> {
          insertWithLines(c, o, subject, businessDay);
          return null;
        });
  }

  /**
   * The order and its lines in one round trip: two statements the driver sends together, the lines
   * as arrays unnested in line order (one statement text whatever the number of lines).
   */
  private void insertWithLines(Connection c, Order o, String subject, LocalDate businessDay)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_WITH_LINES)) {
      bindOrder(ps, o, subject, businessDay);
      int n = bindLines(ps, c, o);
      ps.execute();
      if (ps.getUpdateCount() != 1 || ps.getMoreResults() || ps.getUpdateCount() != n) {
        throw new SQLException("an order was not stored with its " + n + " lines");
      }
    }
  }

  /** Parameters 1 to 21: the order's row, its personal data sealed under its subject's key. */
  private void bindOrder(PreparedStatement ps, Order o, String subject, LocalDate businessDay)
      throws SQLException {
    ps.setObject(1, o.id());
    ps.setObject(2, o.restaurantId());
    ps.setString(3, o.number().value());
    ps.setString(4, o.status().name());
    ps.setLong(5, o.version());
    ps.setString(6, o.fulfillment().name());
    ps.setString(7, o.table());
    ps.setBytes(8, columns.seal("orders", "note", o.id(), subject, o.note()));
    ps.setObject(9, o.customer().userId());
    ps.setBytes(10, columns.seal("orders", "customer_name", o.id(), subject, o.customer().name()));
    ps.setBytes(
        11,
        columns.seal(
            "orders",
            "customer_phone",
            o.id(),
            subject,
            o.customer().phone() == null ? null : o.customer().phone().digits()));
    ps.setLong(12, o.subtotal().amount());
    ps.setLong(13, o.discount().amount());
    ps.setLong(14, o.total().amount());
    Rows.set(ps, 15, o.prepMinutes());
    Rows.set(ps, 16, o.readyBy());
    ps.setString(17, o.reason());
    Rows.set(ps, 18, o.createdAt());
    Rows.set(ps, 19, o.updatedAt());
    ps.setBoolean(20, o.customer().smsConsent());
    ps.setObject(21, businessDay);
  }

  /** Parameters 22 to 32: the lines, one array per column; returns how many lines. */
  private static int bindLines(PreparedStatement ps, Connection c, Order o) throws SQLException {
    List<OrderLine> lines = o.lines();
    int n = lines.size();
    Object[] items = new Object[n];
    Object[] names = new Object[n];
    Object[] units = new Object[n];
    Object[] quantities = new Object[n];
    Object[] totals = new Object[n];
    Object[] bases = new Object[n];
    Object[] options = new Object[n];
    Object[] rules = new Object[n];
    Object[] ruleNames = new Object[n];
    for (int i = 0; i < n; i++) {
      OrderLine line = lines.get(i);
      items[i] = line.menuItemId();
      names[i] = line.name();
      units[i] = line.unitPrice().amount();
      quantities[i] = line.quantity();
      totals[i] = line.lineTotal().amount();
      bases[i] = line.basePrice().amount();
      options[i] = JsonColumns.chosen(line.options());
      rules[i] = line.priceRuleId();
      ruleNames[i] = line.priceRuleName();
    }
    ps.setObject(22, o.id());
    ps.setObject(23, o.restaurantId());
    ps.setArray(24, c.createArrayOf("uuid", items));
    ps.setArray(25, c.createArrayOf("text", names));
    ps.setArray(26, c.createArrayOf("int8", units));
    ps.setArray(27, c.createArrayOf("int4", quantities));
    ps.setArray(28, c.createArrayOf("int8", totals));
    ps.setArray(29, c.createArrayOf("int8", bases));
    ps.setArray(30, c.createArrayOf("text", options));
    ps.setArray(31, c.createArrayOf("uuid", rules));
    ps.setArray(32, c.createArrayOf("text", ruleNames));
    return n;
  }

  /**
   * The order by its id alone, for a caller who knows no restaurant (the guest's order token names
   * only the order, a signed-in customer, an admin): the order's row is read by id, and its lines
   * by the restaurant_id of that same row (DistributionReadinessTest's one justified exception).
   */
  @Override
  public Optional<Order> byId(UUID id) {
    return tx.withConnection(
        c ->
            one(
                c,
                "SELECT " + COLUMNS + " FROM orders WHERE id = ?",
                LINES
                    + " WHERE restaurant_id = (SELECT restaurant_id FROM orders WHERE id = ?)"
                    + " AND order_id = ? ORDER BY line_no",
                null,
                id));
  }

  @Override
  public Optional<Order> byId(UUID restaurantId, UUID id) {
    return tx.withConnection(
        c ->
            one(
                c,
                "SELECT " + COLUMNS + " FROM orders WHERE restaurant_id = ? AND id = ?",
                LINES + " WHERE restaurant_id = ? AND order_id = ? ORDER BY line_no",
                restaurantId,
                id));
  }

  @Override
  public Optional<Order> byIdForUpdate(UUID id) {
    return tx.withConnection(
        c ->
            one(
                c,
                "SELECT " + COLUMNS + " FROM orders WHERE id = ? FOR UPDATE",
                LINES
                    + " WHERE restaurant_id = (SELECT restaurant_id FROM orders WHERE id = ?)"
                    + " AND order_id = ? ORDER BY line_no",
                null,
                id));
  }

  @Override
  public List<Order> awaitingPayment(Instant createdBefore, int limit) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM orders WHERE status = 'AWAITING_PAYMENT' AND created_at < ?"
                      + " ORDER BY created_at LIMIT ?")) {
            Rows.set(ps, 1, createdBefore);
            ps.setInt(2, limit);
            return read(c, ps);
          }
        });
  }

  @Override
  public void update(Order o) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE orders SET status = ?, version = ?, prep_minutes = ?, ready_by = ?, reason = ?, updated_at = ?"
                      + " WHERE restaurant_id = ? AND id = ? AND version = ?")) {
            ps.setString(1, o.status().name());
            ps.setLong(2, o.version());
            Rows.set(ps, 3, o.prepMinutes());
            Rows.set(ps, 4, o.readyBy());
            ps.setString(5, o.reason());
            Rows.set(ps, 6, o.updatedAt());
            ps.setObject(7, o.restaurantId());
            ps.setObject(8, o.id());
            ps.setLong(9, o.version() - 1);
            if (ps.executeUpdate() != 1) {
              throw new DomainException.Conflict(
                  "version_conflict", "the order was changed meanwhile");
            }
          }
          return null;
        });
  }

  @Override
  public List<Order> list(
      UUID restaurantId,
      Set<OrderStatus> statuses,
      Instant from,
      Instant to,
      UUID before,
      int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM orders WHERE restaurant_id = ?");
    if (!statuses.isEmpty()) {
      sql.append(" AND status = ANY(?)");
    }
    if (from != null) {
      sql.append(" AND created_at >= ?");
    }
    if (to != null) {
      sql.append(" AND created_at < ?");
    }
    if (before != null) {
      sql.append(" AND id < ?");
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setObject(i++, restaurantId);
            if (!statuses.isEmpty()) {
              ps.setArray(
                  i++, c.createArrayOf("text", statuses.stream().map(Enum::name).toArray()));
            }
            if (from != null) {
              Rows.set(ps, i++, from);
            }
            if (to != null) {
              Rows.set(ps, i++, to);
            }
            if (before != null) {
              ps.setObject(i++, before);
            }
            ps.setInt(i, limit);
            return read(c, ps);
          }
        });
  }

  @Override
  public List<Order> byCustomer(UUID userId) {
    return tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM orders WHERE customer_user_id = ? ORDER BY id DESC")) {
            ps.setObject(1, userId);
            return read(c, ps);
          }
        });
  }

  @Override
  public void eraseCustomer(UUID userId) {
    tx.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE orders SET customer_name_ct = NULL, customer_phone_ct = NULL, note_ct = NULL,"
                      + " customer_sms_consent = false"
                      + " WHERE customer_user_id = ?")) {
            ps.setObject(1, userId);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public void eraseOrderCustomer(UUID orderId) {
    // Empty: no such order; a list holding null: an anonymous order.
    Optional<List<UUID>> owner =
        tx.withConnection(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE orders SET customer_name_ct = NULL, customer_phone_ct = NULL, note_ct = NULL,"
                          + " customer_sms_consent = false"
                          + " WHERE id = ? RETURNING customer_user_id")) {
                ps.setObject(1, orderId);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next()
                      ? Optional.of(
                          java.util.Collections.singletonList(Rows.uuid(rs, "customer_user_id")))
                      : Optional.<List<UUID>>empty();
                }
              }
            });
    if (owner.isPresent()) {
      redactStoredAnswers(orderId);
      // Messages to the guest still waiting are dropped with the erasure (issue 19).
      tx.withConnection(
          c -> {
            PostgresNotificationOutbox.eraseForOrder(c, orderId);
            return null;
          });
    }
    if (owner.isPresent() && owner.get().getFirst() == null) {
      // An anonymous order's key is its own: destroyed once the erasure has committed (shredding
      // cannot be rolled back), so every copy of its values (backups, the stored idempotent
      // answer) becomes unreadable. An account's key stays the account's.
      String subject = Columns.orderSubject(orderId, null);
      tx.afterCommit(() -> columns.crypto().shredSubject(subject));
    }
  }

  /**
   * The answer an anonymous order's Idempotency-Key keeps for replays (sealed under the field key,
   * not the order's subject) loses the customer's name, phone and note too, so a replay after the
   * erasure shows the order as every other view does.
   */
  private void redactStoredAnswers(UUID orderId) {
    tx.withConnection(
        c -> {
          try (PreparedStatement read =
                  c.prepareStatement(
                      "SELECT scope, key, response FROM idempotency_keys"
                          + " WHERE order_token_for = ? AND response IS NOT NULL FOR UPDATE");
              PreparedStatement write =
                  c.prepareStatement(
                      "UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ?")) {
            read.setObject(1, orderId);
            try (ResultSet rs = read.executeQuery()) {
              while (rs.next()) {
                String row = rs.getString("scope") + " " + rs.getString("key");
                byte[] body =
                    columns.openBytes("idempotency_keys", "response", row, rs.getBytes("response"));
                if (body == null) {
                  continue;
                }
                write.setBytes(
                    1,
                    columns.sealBytes("idempotency_keys", "response", row, withoutCustomer(body)));
                write.setString(2, rs.getString("scope"));
                write.setString(3, rs.getString("key"));
                write.executeUpdate();
              }
            }
          }
          return null;
        });
  }

  private static byte[] withoutCustomer(byte[] answer) {
    try {
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      var root = mapper.readTree(answer);
      if (root instanceof com.fasterxml.jackson.databind.node.ObjectNode order) {
        order.putNull("note");
        var customer = order.putObject("customer");
        customer.putNull("name");
        customer.putNull("phone");
        customer.putNull("phone_masked");
        // As the erased order itself shows it (customer_sms_consent = false): no phone, no consent.
        customer.put("sms_consent", false);
      }
      return mapper.writeValueAsBytes(root);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a stored order answer is not JSON", e);
    }
  }

  private static final String LINES =
      "SELECT order_id, menu_item_id, name, unit_price, quantity, line_total, base_price, options, price_rule_id,"
          + " price_rule_name FROM order_lines";

  /**
   * One order by id with its lines, in one round trip: the order's query and the lines' query are
   * sent together as a multi-statement query, each with its own result. With a restaurant, each
   * query takes (restaurant id, order id); without one (null), the order's query takes the order id
   * and the lines' query the order id twice (once to read the order row's restaurant_id).
   */
  private Optional<Order> one(
      Connection c, String orderQuery, String linesQuery, UUID restaurantId, UUID id)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(orderQuery + "; " + linesQuery)) {
      int i = 1;
      if (restaurantId != null) {
        ps.setObject(i++, restaurantId);
      }
      ps.setObject(i++, id);
      ps.setObject(i++, restaurantId != null ? restaurantId : id);
      ps.setObject(i, id);
      if (!ps.execute()) {
        throw new SQLException("an order's query returned no rows");
      }
      ResultRow row = null;
      try (ResultSet rs = ps.getResultSet()) {
        if (rs.next()) {
          row = ResultRow.of(rs);
        }
      }
      if (!ps.getMoreResults()) {
        throw new SQLException("an order's lines were not returned");
      }
      Map<UUID, List<OrderLine>> lines;
      try (ResultSet rs = ps.getResultSet()) {
        lines = lines(rs);
      }
      return row == null
          ? Optional.empty()
          : Optional.of(row.toOrder(lines.getOrDefault(row.id, List.of()), columns));
    }
  }

  private List<Order> read(Connection c, PreparedStatement ps) throws SQLException {
    Map<UUID, ResultRow> rows = new LinkedHashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ResultRow row = ResultRow.of(rs);
        rows.put(row.id, row);
      }
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<UUID, List<OrderLine>> lines;
    try (PreparedStatement lineQuery =
        c.prepareStatement(
            LINES
                + " WHERE restaurant_id = ANY(?) AND order_id = ANY(?) ORDER BY order_id, line_no")) {
      lineQuery.setArray(
          1,
          c.createArrayOf(
              "uuid", rows.values().stream().map(r -> r.restaurantId).distinct().toArray()));
      lineQuery.setArray(2, c.createArrayOf("uuid", rows.keySet().toArray()));
      try (ResultSet rs = lineQuery.executeQuery()) {
        lines = lines(rs);
      }
    }
    List<Order> orders = new ArrayList<>(rows.size());
    for (ResultRow row : rows.values()) {
      orders.add(row.toOrder(lines.getOrDefault(row.id, List.of()), columns));
    }
    return orders;
  }

  private static Map<UUID, List<OrderLine>> lines(ResultSet rs) throws SQLException {
    Map<UUID, List<OrderLine>> lines = new HashMap<>();
    while (rs.next()) {
      lines
          .computeIfAbsent(Rows.uuid(rs, "order_id"), k -> new ArrayList<>())
          .add(
              new OrderLine(
                  Rows.uuid(rs, "menu_item_id"),
                  rs.getString("name"),
                  Won.of(rs.getLong("base_price")),
                  JsonColumns.chosen(rs.getString("options")),
                  Rows.uuid(rs, "price_rule_id"),
                  rs.getString("price_rule_name"),
                  Won.of(rs.getLong("unit_price")),
                  rs.getInt("quantity"),
                  Won.of(rs.getLong("line_total"))));
    }
    return lines;
  }

  /** One orders row, held until its lines are read. */
  private record ResultRow(
      UUID id,
      UUID restaurantId,
      String number,
      String status,
      long version,
      String fulfillment,
      String table,
      byte[] note,
      UUID customerUserId,
      byte[] customerName,
      byte[] customerPhone,
      long subtotal,
      long discount,
      long total,
      Integer prepMinutes,
      Instant readyBy,
      String reason,
      Instant createdAt,
      Instant updatedAt,
      boolean smsConsent) {
    static ResultRow of(ResultSet rs) throws SQLException {
      return new ResultRow(
          Rows.uuid(rs, "id"),
          Rows.uuid(rs, "restaurant_id"),
          rs.getString("number"),
          rs.getString("status"),
          rs.getLong("version"),
          rs.getString("fulfillment"),
          rs.getString("table_label"),
          rs.getBytes("note_ct"),
          Rows.uuid(rs, "customer_user_id"),
          rs.getBytes("customer_name_ct"),
          rs.getBytes("customer_phone_ct"),
          rs.getLong("subtotal"),
          rs.getLong("discount"),
          rs.getLong("total"),
          Rows.nullableInt(rs, "prep_minutes"),
          Rows.instant(rs, "ready_by"),
          rs.getString("reason"),
          Rows.instant(rs, "created_at"),
          Rows.instant(rs, "updated_at"),
          rs.getBoolean("customer_sms_consent"));
    }

    Order toOrder(List<OrderLine> lines, Columns columns) {
      String subject = Columns.orderSubject(id, customerUserId);
      String customerPhone =
          columns.open("orders", "customer_phone", id, subject, this.customerPhone);
      return new Order(
          id,
          restaurantId,
          new OrderNumber(number),
          OrderStatus.valueOf(status),
          version,
          Fulfillment.valueOf(fulfillment),
          table,
          columns.open("orders", "note", id, subject, note),
          new Customer(
              customerUserId,
              columns.open("orders", "customer_name", id, subject, customerName),
              customerPhone == null ? null : new PhoneNumber(customerPhone),
              smsConsent),
          lines,
          Won.of(subtotal),
          Won.of(discount),
          Won.of(total),
          prepMinutes,
          readyBy,
          reason,
          createdAt,
          updatedAt);
    }
  }
}
