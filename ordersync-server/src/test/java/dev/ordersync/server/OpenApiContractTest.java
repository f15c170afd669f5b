package dev.ordersync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract check that {@link Api} applies to every answer is strict where it must be. */
class OpenApiContractTest {
  private static final String ITEM =
      """
      {"id":"0193a1b2-0000-7000-8000-000000000002","category_id":null,"name":"김밥",
       "description":null,"image_url":null,"price":4500,"base_price":4500,"price_rule":null,
       "available":true,"stock":30,"sold_out":false,"option_groups":[],"version":1,
       "updated_at":"2026-12-08T01:00:00Z"}""";

  private final OpenApiContract contract = OpenApiContract.get();

  private List<String> item(int status, String body) {
    return contract.check(
        "PATCH", "/api/v1/restaurants/me/menu/items/x", status, "application/json", body);
  }

  private List<String> problem(int status, String body) {
    return contract.check(
        "PATCH", "/api/v1/restaurants/me/menu/items/x", status, "application/problem+json", body);
  }

  @Test
  void aDocumentedAnswerPasses() {
    assertEquals(List.of(), item(200, ITEM));
  }

  @Test
  void aMissingRequiredFieldFails() {
    List<String> found = item(200, ITEM.replace("\"sold_out\":false,", ""));
    assertFalse(found.isEmpty());
    assertTrue(found.toString().contains("sold_out"), found::toString);
  }

  @Test
  void aWrongTypeFails() {
    assertFalse(item(200, ITEM.replace("\"price\":4500", "\"price\":\"4500\"")).isEmpty());
    assertFalse(item(200, ITEM.replace("\"stock\":30", "\"stock\":1.5")).isEmpty());
  }

  @Test
  void anAddedFieldIsAForwardCompatibleChangeAndPasses() {
    assertEquals(List.of(), item(200, ITEM.replace("{\"id\"", "{\"new_field\":1,\"id\"")));
  }

  @Test
  void aStatusTheRouteDoesNotListFails() {
    assertFalse(item(201, ITEM).isEmpty());
  }

  @Test
  void aProblemCodeItsStatusCannotCarryFails() {
    String problem =
        """
        {"type":"https://ordersync.dev/problems/%s","title":"Conflict","status":409,
         "detail":"x","code":"%s","request_id":"r1"}""";
    assertEquals(
        List.of(), problem(409, problem.formatted("version-conflict", "version_conflict")));
    assertFalse(problem(409, problem.formatted("rate-limited", "rate_limited")).isEmpty());
    assertFalse(
        item(409, problem.formatted("version-conflict", "version_conflict")).isEmpty(),
        "a problem is application/problem+json");
  }

  @Test
  void aPathTheDocumentDoesNotNameIsNotItsBusiness() {
    assertEquals(List.of(), contract.check("GET", "/favicon.ico", 404, "application/json", "{}"));
  }

  @Test
  void aLiteralSegmentWinsOverAParameter() {
    assertEquals(
        "/api/v1/restaurants/me", contract.template("/api/v1/restaurants/me").orElseThrow());
    assertEquals(
        "/api/v1/restaurants/{id}",
        contract
            .template("/api/v1/restaurants/0193a1b2-0000-7000-8000-000000000001")
            .orElseThrow());
  }
}
