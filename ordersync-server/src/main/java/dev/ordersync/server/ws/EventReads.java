package dev.ordersync.server.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordersync.core.user.Caller;
import dev.ordersync.server.json.Json;
import dev.ordersync.server.live.LiveEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A handler's socket (a restaurant's feed, staff following an order) is sent each event's order
 * with what its kitchen needs of the customer: the name, the masked phone and the note (issue 17),
 * which the stored event leaves out (decision 9: the outbox holds no personal data). They are read
 * from the order as it is now, once per event and socket, and the read is recorded as an access to
 * personal data in the same transaction, before the event is written (decision 27); an event whose
 * record fails is not sent (the socket closes and its client resumes). An erased order shows
 * nothing and records nothing.
 */
@FunctionalInterface
public interface EventReads {
  /**
   * The order's customer as {@code reader} may see it now, its read recorded; null when there is no
   * such order.
   */
  Shown read(Caller reader, String view, UUID orderId);

  /** What a handler is shown of an order's customer; each field may be null. */
  record Shown(String name, String phoneMasked, String note) {}

  /** The reads of one socket, its reader and view bound: the message to send for an event. */
  @FunctionalInterface
  interface Of {
    String read(LiveEvent event, String message);
  }

  static EventReads none() {
    return (reader, view, orderId) -> null;
  }

  /** The event message with its order's note and customer replaced by what {@code shown} holds. */
  static String withCustomer(String message, Shown shown) {
    if (shown == null) {
      return message;
    }
    try {
      ObjectNode root = (ObjectNode) Json.tree(message.getBytes(StandardCharsets.UTF_8));
      if (root.get("order") instanceof ObjectNode order) {
        order.put("note", shown.note());
        ObjectNode customer = order.putObject("customer");
        customer.put("name", shown.name());
        customer.putNull("phone");
        customer.put("phone_masked", shown.phoneMasked());
      }
      return Json.text(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
