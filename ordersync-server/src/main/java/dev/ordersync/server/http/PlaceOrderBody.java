package dev.ordersync.server.http;

import dev.ordersync.core.order.Fulfillment;
import dev.ordersync.core.order.PlaceOrder;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import dev.ordersync.core.shared.IdempotencyKey;
import dev.ordersync.core.shared.PhoneNumber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /orders}, read in two steps: {@link #read} takes the JSON apart (a
 * malformed or mistyped field is a 400 at once), {@link #command} turns its text into domain values
 * (a fulfillment, a phone number) and makes the command, which checks itself. A text the domain
 * refuses is answered together with the command's own errors, as one 422 listing them in the order
 * of the request's fields, so the answer is the same as when the command still read the text.
 */
final class PlaceOrderBody {
  /** The request's fields, in the order their errors are listed. */
  private static final List<String> FIELDS =
      List.of(
          "restaurant_id",
          "items",
          "fulfillment",
          "customer.name",
          "customer.phone",
          "customer.sms_consent",
          "note",
          "table");

  private final UUID restaurantId;
  private final List<PlaceOrder.Line> lines;
  private final String customerName;
  private final String customerPhone;
  private final boolean smsConsent;
  private final String note;
  private final String fulfillment;
  private final String table;

  private PlaceOrderBody(
      UUID restaurantId,
      List<PlaceOrder.Line> lines,
      String customerName,
      String customerPhone,
      boolean smsConsent,
      String note,
      String fulfillment,
      String table) {
    this.restaurantId = restaurantId;
    this.lines = lines;
    this.customerName = customerName;
    this.customerPhone = customerPhone;
    this.smsConsent = smsConsent;
    this.note = note;
    this.fulfillment = fulfillment;
    this.table = table;
  }

  static PlaceOrderBody read(JsonBody body) {
    // Totals and prices a client might send are not fields of this request: the server prices every
    // order itself.
    body.allow("restaurant_id", "items", "customer", "note", "fulfillment", "table");
    List<PlaceOrder.Line> lines = lines(body.objects("items"));
    JsonBody customer = body.object("customer");
    if (customer != null) {
      customer.allow("name", "phone", "sms_consent");
    }
    UUID restaurantId = body.uuid("restaurant_id");
    String name = customer == null ? null : customer.string("name");
    String phone = customer == null ? null : customer.string("phone");
    Boolean consent = customer == null ? null : customer.bool("sms_consent");
    String note = body.string("note");
    return new PlaceOrderBody(
        restaurantId,
        lines,
        name,
        phone,
        Boolean.TRUE.equals(consent),
        note,
        body.string("fulfillment"),
        body.string("table"));
  }

  private static List<PlaceOrder.Line> lines(List<JsonBody> items) {
    if (items == null) {
      return null;
    }
    List<PlaceOrder.Line> lines = new ArrayList<>(items.size());
    for (JsonBody item : items) {
      item.allow("menu_item_id", "quantity", "options");
      Integer quantity = item.int32("quantity");
      if (quantity == null) {
        throw new DomainException.Invalid("items[" + lines.size() + "].quantity", "is required");
      }
      lines.add(new PlaceOrder.Line(item.uuid("menu_item_id"), quantity, item.uuids("options")));
    }
    return lines;
  }

  /** The command, with the request's idempotency key (or null). */
  PlaceOrder.Command command(IdempotencyKey idempotencyKey) {
    List<FieldError> refused = new ArrayList<>();
    Fulfillment fulfillment = fulfillment(refused);
    PhoneNumber phone = phone(refused);
    // A phone refused above is named once, not again as consent without a phone.
    boolean consent =
        smsConsent && (phone != null || customerPhone == null || customerPhone.isBlank());
    List<FieldError> checked = List.of();
    PlaceOrder.Command command = null;
    try {
      command =
          new PlaceOrder.Command(
              restaurantId,
              lines,
              customerName,
              phone,
              note,
              fulfillment,
              table,
              idempotencyKey,
              consent);
    } catch (DomainException.Invalid e) {
      if (refused.isEmpty()) {
        throw e;
      }
      checked = e.errors();
    }
    if (refused.isEmpty()) {
      return command;
    }
    throw new DomainException.Invalid(inFieldOrder(checked, refused));
  }

  private Fulfillment fulfillment(List<FieldError> refused) {
    if (fulfillment == null) {
      return null; // the command says it is required
    }
    try {
      return Fulfillment.valueOf(fulfillment);
    } catch (IllegalArgumentException e) {
      refused.add(new FieldError("fulfillment", "must be DINE_IN or TAKEOUT"));
      return null;
    }
  }

  private PhoneNumber phone(List<FieldError> refused) {
    if (customerPhone == null || customerPhone.isBlank()) {
      return null;
    }
    try {
      return PhoneNumber.parse(customerPhone);
    } catch (IllegalArgumentException e) {
      refused.add(new FieldError("customer.phone", e.getMessage()));
      return null;
    }
  }

  /**
   * The command's errors and the refused texts', in the order of the request's fields; for a field
   * refused here, the command's error (that it is missing) gives way to why it was refused.
   */
  private static List<FieldError> inFieldOrder(List<FieldError> checked, List<FieldError> refused) {
    Set<String> refusedFields = refused.stream().map(FieldError::field).collect(Collectors.toSet());
    List<FieldError> all = new ArrayList<>();
    for (FieldError e : checked) {
      if (!refusedFields.contains(e.field())) {
        all.add(e);
      }
    }
    all.addAll(refused);
    all.sort(Comparator.comparingInt(PlaceOrderBody::rank)); // stable: a field's errors keep order
    return all;
  }

  private static int rank(FieldError error) {
    for (int i = 0; i < FIELDS.size(); i++) {
      String field = FIELDS.get(i);
      if (error.field().equals(field) || error.field().startsWith(field + "[")) {
        return i;
      }
    }
    return FIELDS.size();
  }
}
