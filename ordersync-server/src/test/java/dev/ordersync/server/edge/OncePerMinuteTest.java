package dev.ordersync.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OncePerMinuteTest {
  @Test
  void aKindsFirstLinePassesTheRestOfTheMinuteIsCountedAndNewKindsStopAtTheCap() {
    OncePerMinute lines = new OncePerMinute(2);
    assertEquals(0, lines.admit("malformed_request"), "the first of a kind is logged");
    for (int i = 0; i < 5; i++) {
      assertEquals(-1, lines.admit("malformed_request"), "then counted, silently");
    }
    assertEquals(0, lines.admit("wrong_method"), "another kind has a minute of its own");
    assertEquals(-1, lines.admit("a third kind"), "past the cap a new kind is dropped");
  }
}
