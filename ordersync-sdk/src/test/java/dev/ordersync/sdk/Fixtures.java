package dev.ordersync.sdk;

/** JSON bodies as the server sends them. */
final class Fixtures {
  static final String RESTAURANT_ID = "0193a5c0-0000-7000-8000-000000000001";
  static final String ORDER_ID = "0193a5c0-0000-7000-8000-0000000000a1";
  static final String ITEM_ID = "0193a5c0-0000-7000-8000-0000000000b1";

  private Fixtures() {}

  /** An order in {@code status} at {@code version}, with a field this SDK does not know yet. */
  static String order(String status, int version) {
    return """
        {"id":"%s","number":"A-042","restaurant_id":"%s","status":"%s","version":%d,
         "fulfillment":"DINE_IN","table":"7","note":"less spicy","customer":{"name":"Kim","phone":null,"phone_masked":"010-****-5678"},
         "items":[{"menu_item_id":"%s","name":"Bibimbap","base_price":8500,
                   "options":[{"option_id":"0193a5c0-0000-7000-8000-0000000000c1","group":"Size","name":"Large","price_delta":1000}],
                   "price_rule":{"id":"0193a5c0-0000-7000-8000-0000000000d1","name":"Lunch"},
                   "unit_price":9000,"quantity":2,"line_total":18000,"kitchen_station":"hot"}],
         "subtotal":18000,"discount":0,"total":18000,"prep_minutes":null,"ready_by":null,"reason":null,
         "created_at":"2026-11-24T06:15:00Z","updated_at":"2026-11-24T06:16:30.250Z",
         "loyalty_points":120}"""
        .formatted(ORDER_ID, RESTAURANT_ID, status, version, ITEM_ID);
  }

  static String placedOrder() {
    return order("PLACED", 1);
  }

  static String menuItem() {
    return """
        {"id":"%s","category_id":null,"name":"Bibimbap","description":"rice and vegetables","price":9500,
         "available":true,"stock":null,"sold_out":false,"version":2}"""
        .formatted(ITEM_ID);
  }
}
