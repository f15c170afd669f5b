package dev.ordersync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.core.order.OrderStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceAndMoveAnOrderTest {
  @Test
  void theCoreAlonePricesTheOrderAndTakesItToCompleted() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    var order = PriceAndMoveAnOrder.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    // Compared with runs of spaces squeezed, so that column widths can change.
    List<String> lines = out.lines().map(l -> l.strip().replaceAll("\\s+", " ")).toList();

    // 2 x 9,000 + 2 x 1,000 + 1 x 2,000, priced by the core from the menu.
    assertTrue(lines.contains("Kimchi jjigae 9,000 won x 2 = 18,000 won"), out);
    assertTrue(lines.contains("Total 22,000 won"), out);
    assertEquals(22_000, order.total().amount());

    List<String> statuses =
        lines.stream().filter(l -> l.startsWith("Status: ")).map(l -> l.split("[ ,]+")[1]).toList();
    assertEquals(List.of("PLACED", "ACCEPTED", "PREPARING", "READY", "COMPLETED"), statuses, out);
    assertEquals(OrderStatus.COMPLETED, order.status());

    assertTrue(
        lines.stream()
            .anyMatch(l -> l.startsWith("Refused: complete while PREPARING -> invalid_transition")),
        out);
    assertTrue(lines.contains("v5 OrderCompleted -> COMPLETED"), out);
    assertEquals(
        5,
        lines.stream().filter(l -> l.matches("v\\d+ Order\\w+ -> \\w+")).count(),
        "one event per change: " + out);
  }
}
