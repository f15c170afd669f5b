package dev.ordersync.server.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordersync.core.menu.MenuOption;
import dev.ordersync.core.order.OrderLine;
import dev.ordersync.core.restaurant.OpeningHours;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The few values stored as jsonb: opening hours, the options of a group, the options chosen on an
 * order line.
 */
final class JsonColumns {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonColumns() {}

  static String hours(OpeningHours h) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode weekly = root.putArray("weekly");
    for (OpeningHours.Range r : h.weekly()) {
      weekly
          .addObject()
          .put("day", r.day().name())
          .put("opens", r.opens().toString())
          .put("closes", r.closes().toString());
    }
    ArrayNode holidays = root.putArray("holidays");
    h.holidays().stream().sorted().forEach(d -> holidays.add(d.toString()));
    ArrayNode closures = root.putArray("closures");
    for (OpeningHours.Closure c : h.closures()) {
      ObjectNode n =
          closures.addObject().put("from", c.from().toString()).put("to", c.to().toString());
      n.put("reason", c.reason());
    }
    return root.toString();
  }

  static OpeningHours hours(String text) {
    JsonNode root = tree(text);
    List<OpeningHours.Range> weekly = new ArrayList<>();
    root.path("weekly")
        .forEach(
            r ->
                weekly.add(
                    new OpeningHours.Range(
                        DayOfWeek.valueOf(r.path("day").asText()),
                        LocalTime.parse(r.path("opens").asText()),
                        LocalTime.parse(r.path("closes").asText()))));
    Set<LocalDate> holidays = new HashSet<>();
    root.path("holidays").forEach(d -> holidays.add(LocalDate.parse(d.asText())));
    List<OpeningHours.Closure> closures = new ArrayList<>();
    root.path("closures")
        .forEach(
            c ->
                closures.add(
                    new OpeningHours.Closure(
                        Instant.parse(c.path("from").asText()),
                        Instant.parse(c.path("to").asText()),
                        c.path("reason").isNull() ? null : c.path("reason").asText())));
    return new OpeningHours(weekly, holidays, closures);
  }

  static String options(List<MenuOption> options) {
    ArrayNode array = JSON.createArrayNode();
    for (MenuOption o : options) {
      array
          .addObject()
          .put("id", o.id().toString())
          .put("name", o.name())
          .put("price_delta", o.priceDelta())
          .put("available", o.available());
    }
    return array.toString();
  }

  static List<MenuOption> options(String text) {
    List<MenuOption> out = new ArrayList<>();
    tree(text)
        .forEach(
            o ->
                out.add(
                    new MenuOption(
                        UUID.fromString(o.path("id").asText()),
                        o.path("name").asText(),
                        o.path("price_delta").asLong(),
                        o.path("available").asBoolean())));
    return out;
  }

  static String chosen(List<OrderLine.ChosenOption> chosen) {
    ArrayNode array = JSON.createArrayNode();
    for (OrderLine.ChosenOption c : chosen) {
      array
          .addObject()
          .put("option_id", c.optionId().toString())
          .put("group", c.group())
          .put("name", c.name())
          .put("price_delta", c.priceDelta());
    }
    return array.toString();
  }

  static List<OrderLine.ChosenOption> chosen(String text) {
    List<OrderLine.ChosenOption> out = new ArrayList<>();
    tree(text)
        .forEach(
            c ->
                out.add(
                    new OrderLine.ChosenOption(
                        UUID.fromString(c.path("option_id").asText()),
                        c.path("group").asText(),
                        c.path("name").asText(),
                        c.path("price_delta").asLong())));
    return out;
  }

  private static JsonNode tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
