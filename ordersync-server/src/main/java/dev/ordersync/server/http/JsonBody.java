package dev.ordersync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.server.edge.HttpProblem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A JSON object from a request body, read field by field with exact errors: an unknown field, a
 * value of the wrong type, or a number out of range each name the field's full path ({@code
 * items[1].quantity}). Absent and null are told apart, which PATCH needs. Text the database cannot
 * store (U+0000, a lone surrogate) is refused wherever it is in the body ({@link StorableText}).
 */
final class JsonBody {
  private final ObjectNode node;
  private final String path;

  private JsonBody(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static JsonBody of(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new HttpProblem(400, "wrong_type", "the request body must be a JSON object");
    }
    StorableText.check(node);
    return new JsonBody((ObjectNode) node, "");
  }

  /** Refuses any field not named here. */
  JsonBody allow(String... names) {
    Set<String> allowed = Set.of(names);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw HttpProblem.field("unknown_field", path(name), "is not a field of this request");
      }
    }
    return this;
  }

  boolean has(String name) {
    return node.has(name);
  }

  /** The field's value, or null when absent or null. */
  String string(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw wrongType(name, "must be a string");
    }
    return v.textValue();
  }

  Boolean bool(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw wrongType(name, "must be true or false");
    }
    return v.booleanValue();
  }

  /** A whole number; a number beyond any sensible range is refused as invalid, not wrapped. */
  Long integer(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber()) {
      throw wrongType(name, "must be a whole number");
    }
    BigInteger big = v.bigIntegerValue();
    if (big.bitLength() > 63) {
      throw new DomainException.Invalid(path(name), "is out of range");
    }
    return big.longValue();
  }

  /** A whole number that must fit an int; out of range is a validation error naming the field. */
  Integer int32(String name) {
    Long v = integer(name);
    if (v == null) {
      return null;
    }
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new DomainException.Invalid(path(name), "is out of range");
    }
    return v.intValue();
  }

  UUID uuid(String name) {
    String s = string(name);
    if (s == null) {
      return null;
    }
    try {
      if (s.length() != 36) {
        throw new IllegalArgumentException();
      }
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw wrongType(name, "must be a UUID");
    }
  }

  JsonBody object(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw wrongType(name, "must be an object");
    }
    return new JsonBody((ObjectNode) v, path(name) + ".");
  }

  /** The field's array of objects, or null when absent or null. */
  List<JsonBody> objects(String name) {
    JsonNode v = array(name);
    if (v == null) {
      return null;
    }
    List<JsonBody> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isObject()) {
        throw wrongType(name + "[" + i + "]", "must be an object");
      }
      out.add(new JsonBody((ObjectNode) e, path(name) + "[" + i + "]."));
    }
    return out;
  }

  /** The field's array of strings, or null when absent or null. */
  List<String> strings(String name) {
    JsonNode v = array(name);
    if (v == null) {
      return null;
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw wrongType(name + "[" + i + "]", "must be a string");
      }
      out.add(v.get(i).textValue());
    }
    return out;
  }

  List<UUID> uuids(String name) {
    JsonNode v = array(name);
    if (v == null) {
      return null;
    }
    List<UUID> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      try {
        if (!e.isTextual() || e.textValue().length() != 36) {
          throw new IllegalArgumentException();
        }
        out.add(UUID.fromString(e.textValue()));
      } catch (IllegalArgumentException ex) {
        throw wrongType(name + "[" + i + "]", "must be a UUID");
      }
    }
    return out;
  }

  private JsonNode array(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw wrongType(name, "must be an array");
    }
    if (v.size() > 1000) {
      throw new DomainException.Invalid(path(name), "has too many elements");
    }
    return v;
  }

  private String path(String name) {
    return path + name;
  }

  private HttpProblem wrongType(String name, String message) {
    return HttpProblem.field("wrong_type", path(name), message);
  }
}
