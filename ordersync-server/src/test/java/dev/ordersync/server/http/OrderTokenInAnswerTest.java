package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.server.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The order token is written into the stored answer without parsing it again: the result must still
 * be the JSON.
 */
class OrderTokenInAnswerTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theTokenBecomesTheObjectsLastMember() throws Exception {
    byte[] body = bytes("{\"id\":\"o-1\",\"customer\":{\"name\":\"김민지\"},\"lines\":[{\"n\":1}]}");
    JsonNode answer = Json.tree(OrderRoutes.withToken(body, "ot_abc-_9"));
    assertEquals("ot_abc-_9", answer.get("order_token").asText());
    assertEquals(
        "김민지",
        answer.get("customer").get("name").asText(),
        "the rest is untouched, UTF-8 included");
    assertEquals(4, answer.size());
  }

  @Test
  void anEmptyObjectAndTrailingWhitespaceStayValid() throws Exception {
    assertEquals(
        "{\"order_token\":\"ot_x\"}",
        new String(OrderRoutes.withToken(bytes("{}"), "ot_x"), StandardCharsets.UTF_8));
    assertEquals(
        "{\"a\":1,\"order_token\":\"ot_x\"}",
        new String(OrderRoutes.withToken(bytes("{\"a\":1}\n "), "ot_x"), StandardCharsets.UTF_8));
    assertEquals(
        "ot_x", Json.tree(OrderRoutes.withToken(bytes("{ }"), "ot_x")).get("order_token").asText());
  }

  @Test
  void noTokenLeavesTheAnswerAsItWas() {
    byte[] body = bytes("{\"a\":1}");
    assertArrayEquals(body, OrderRoutes.withToken(body, null));
  }

  @Test
  void anythingButAnObjectIsRefused() {
    assertThrows(IllegalStateException.class, () -> OrderRoutes.withToken(bytes("[1]"), "ot_x"));
    assertThrows(IllegalStateException.class, () -> OrderRoutes.withToken(bytes(""), "ot_x"));
  }
}
