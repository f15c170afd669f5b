package dev.ordersync.sdk.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping of the API: snake_case names for camelCase record components, RFC 3339
 * instants, null fields left out of requests, and unknown response fields and enum values tolerated
 * so that a newer server never breaks an older client.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          // Local times as the API writes them: "18:00", never "18:00:00".
          .addModule(
              new JavaTimeModule()
                  .addSerializer(
                      java.time.LocalTime.class,
                      new com.fasterxml.jackson.datatype.jsr310.ser.LocalTimeSerializer(
                          java.time.format.DateTimeFormatter.ofPattern("HH:mm"))))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
          // An enum without an UNKNOWN (a JDK one) reads an unknown value as null, never fails.
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          // Null record components are left out of request bodies, but null map values are written:
          // a PATCH body built
          // as a map uses an explicit null to clear a field.
          .defaultPropertyInclusion(
              JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
          .build();

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      // Our request types always serialize; this would be a bug in the SDK.
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(byte[] json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }

  public static <T> T read(String json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }

  /**
   * A JSON object as plain Java values (maps, lists, strings, numbers, booleans), keeping member
   * order; null if the text is not a JSON object.
   */
  @SuppressWarnings("unchecked")
  public static java.util.Map<String, Object> readObject(byte[] json) {
    if (json == null || json.length == 0) {
      return null;
    }
    try {
      Object value = MAPPER.readValue(json, Object.class);
      return value instanceof java.util.Map ? (java.util.Map<String, Object>) value : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Converts plain values (as {@link #readObject} gives them) to a type of the API. */
  public static <T> T convert(Object value, Class<T> type) {
    return MAPPER.convertValue(value, type);
  }

  /** The {@code code} member of a problem+json body, or null if the body is not one. */
  public static String problemCode(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      JsonNode code = MAPPER.readTree(body).get("code");
      return code != null && code.isTextual() ? code.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
