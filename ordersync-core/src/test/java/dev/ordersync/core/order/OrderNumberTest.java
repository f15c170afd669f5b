package dev.ordersync.core.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OrderNumberTest {
  @Test
  void numbersRunFromA001ThroughA999ThenB001() {
    assertEquals("A-001", OrderNumber.ofDailySequence(1).value());
    assertEquals("A-042", OrderNumber.ofDailySequence(42).value());
    assertEquals("A-999", OrderNumber.ofDailySequence(999).value());
    assertEquals("B-001", OrderNumber.ofDailySequence(1000).value());
    assertEquals("Z-999", OrderNumber.ofDailySequence(26 * 999).value());
    assertEquals("Z1-001", OrderNumber.ofDailySequence(26 * 999 + 1).value());
    assertThrows(IllegalArgumentException.class, () -> OrderNumber.ofDailySequence(0));
  }
}
