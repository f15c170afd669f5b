package dev.ordersync.server.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** A statement's span is named by what it does to which table, never by its values. */
class TracedDataSourceTest {
  @Test
  void aStatementIsSummarisedByItsOperationAndFirstTable() {
    assertArrayEquals(
        new String[] {"SELECT", "SELECT orders"},
        TracedDataSource.summary("SELECT id FROM orders WHERE phone_hmac = '010-1234-5678'"));
    assertArrayEquals(
        new String[] {"INSERT", "INSERT order_lines"},
        TracedDataSource.summary("insert into order_lines (a, b) values (?, ?)"));
    assertArrayEquals(
        new String[] {"UPDATE", "UPDATE menu_items"},
        TracedDataSource.summary("  UPDATE menu_items SET stock = stock - ? WHERE id = ?"));
    assertArrayEquals(
        new String[] {"SET", "SET"}, TracedDataSource.summary("SET LOCAL app.restaurant = 'x'"));
    assertArrayEquals(new String[] {"EXECUTE", "EXECUTE"}, TracedDataSource.summary(null));
    assertArrayEquals(
        new String[] {"DELETE", "DELETE sessions"},
        TracedDataSource.summary(
            "-- expired\n  -- and revoked\nDELETE FROM sessions WHERE id = ?"));
  }
}
