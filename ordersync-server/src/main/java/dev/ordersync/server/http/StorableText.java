package dev.ordersync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.FieldError;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.Filter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text the database can store: PostgreSQL refuses U+0000 in text, and a lone UTF-16 surrogate
 * (which JSON's {@code \ud800} escapes can make) has no UTF-8 form, so the driver would store a
 * {@code ?} in its place. Both are refused where a request's text enters the server (its JSON body,
 * its query parameters), once for every route, as a validation error naming the field.
 */
final class StorableText {
  static final String NUL = "must not contain the NUL character (U+0000)";
  static final String SURROGATE = "must not contain a lone UTF-16 surrogate";

  private StorableText() {}

  /** Why {@code s} cannot be stored, or null when it can. */
  static String problem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u0000') {
        return NUL;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return SURROGATE;
        }
      } else if (Character.isLowSurrogate(c)) {
        return SURROGATE;
      }
    }
    return null;
  }

  /**
   * Refuses a JSON document holding unstorable text anywhere, in a value or in a member's name,
   * naming each such field by its path ({@code items[1].note}).
   */
  static void check(JsonNode root) {
    List<FieldError> errors = new ArrayList<>();
    walk(root, "", errors);
    DomainException.Invalid.throwIfAny(errors);
  }

  /**
   * Refuses an {@code /api/} request whose query parameters (decoded: {@code %00} is U+0000) hold
   * unstorable text, before any handler reads them. A path parameter needs no check: every one is a
   * UUID, and anything else names nothing (404).
   */
  static Filter queryParameters() {
    return (chain, req, res) -> {
      String path = req.path().path();
      if (path.equals("/api") || path.startsWith("/api/")) {
        UriQuery query = req.query();
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String name : query.names()) {
          parameters.put(name, query.all(name));
        }
        checkParameters(parameters);
      }
      chain.proceed();
    };
  }

  /** Refuses query parameters holding unstorable text, in a name or a value. */
  static void checkParameters(Map<String, List<String>> parameters) {
    List<FieldError> errors = new ArrayList<>();
    parameters.forEach(
        (name, values) -> {
          String nameProblem = problem(name);
          if (nameProblem != null) {
            errors.add(new FieldError(printable(name), nameProblem));
            return;
          }
          for (String value : values) {
            String p = problem(value);
            if (p != null) {
              errors.add(new FieldError(name, p));
              return;
            }
          }
        });
    DomainException.Invalid.throwIfAny(errors);
  }

  private static void walk(JsonNode node, String path, List<FieldError> errors) {
    if (errors.size() >= 20) {
      return;
    }
    if (node.isTextual()) {
      String p = problem(node.textValue());
      if (p != null) {
        errors.add(new FieldError(path.isEmpty() ? "body" : path, p));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", errors);
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        String name = member.getKey();
        String field = (path.isEmpty() ? "" : path + ".") + name;
        String p = problem(name);
        if (p != null) {
          errors.add(new FieldError(printable(field), p));
        } else {
          walk(member.getValue(), field, errors);
        }
      }
    }
  }

  /** A field name that itself holds the refused character, shown with it escaped. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\u0000' || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
