package dev.ordersync.core.webhook;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The event types an endpoint may ask for (the documented set of docs/api.md, "Webhooks"), and the
 * check of a requested list: at least one, each known, none twice.
 */
public final class WebhookEventTypes {
  /** Every type, in the documented order. */
  public static final List<String> ALL =
      List.of(
          "order.created",
          "order.status_changed",
          "order.paid",
          "order.refunded",
          "menu.item_changed");

  private WebhookEventTypes() {}

  /**
   * The requested types, checked: a {@link DomainException.Invalid} naming every unknown or
   * repeated entry ({@code events[2]}) at once, or {@code events} when the list is missing or
   * empty.
   */
  public static List<String> check(List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      throw new DomainException.Invalid("events", "must name at least one event type");
    }
    List<FieldError> errors = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < requested.size(); i++) {
      String type = requested.get(i);
      if (type == null || !ALL.contains(type)) {
        errors.add(
            new FieldError(
                "events[" + i + "]", "unknown event type; one of " + String.join(", ", ALL)));
      } else if (!seen.add(type)) {
        errors.add(new FieldError("events[" + i + "]", "is named twice"));
      }
    }
    DomainException.Invalid.throwIfAny(errors);
    return List.copyOf(seen);
  }
}
