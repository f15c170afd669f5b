package dev.ordersync.server.http;

import dev.ordersync.server.Scenario;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Makes hostile requests for {@link HostileRequestsTest}: methods, paths, headers and bodies. */
final class Hostile {
  /** The bytes to send, whether to stop sending before the body's end, and what it was. */
  record Request(byte[] bytes, boolean truncate, String describe, boolean api) {}

  private static final String[] METHODS = {
    "GET",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "HEAD",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "BREW",
    "get",
    "POSTPOSTPOSTPOSTPOSTPOST",
    "G\tET",
    "PO(ST)",
    "DE\u0001LETE"
  };

  /**
   * Who the fuzzer can be and what it knows: the owner of a restaurant, the bearer tokens of every
   * role (owner, staff, customer, admin, an anonymous order's token), and real ids to put in paths
   * (the restaurant, an item, orders), so hostile bodies reach the handlers behind the checks.
   */
  record World(Scenario.Owner owner, List<String> tokens, List<String> ids) {}

  private final Random rnd;
  private final List<String[]> routes;
  private final Scenario.Owner owner;
  private final World world;
  private final boolean nul;

  Hostile(Random rnd, List<String[]> routes, World world, boolean nul) {
    this.rnd = rnd;
    this.routes = routes;
    this.owner = world.owner();
    this.world = world;
    this.nul = nul;
  }

  Request next() {
    String[] route = routes.get(rnd.nextInt(routes.size()));
    String method = rnd.nextInt(3) == 0 ? pick(METHODS) : route[0];
    String path = route[1];
    while (path.contains("{")) {
      int a = path.indexOf('{');
      int b = path.indexOf('}', a);
      path = path.substring(0, a) + id() + path.substring(b + 1);
    }
    if (rnd.nextInt(8) == 0) {
      path +=
          "?"
              + pick(
                  "a=%ff%fe",
                  "limit=-1",
                  "limit=99999999999999999999",
                  "after=%00",
                  "q=" + "x".repeat(3000),
                  "a&&&=",
                  "since=not-a-time",
                  "status=NOPE");
    }
    if (rnd.nextInt(20) == 0) {
      path =
          pick(
              path + "/..",
              path + "%2F..%2F",
              path + "//",
              path.toUpperCase(java.util.Locale.ROOT),
              path + ";x=1");
    }
    StringBuilder h = new StringBuilder();
    h.append(method)
        .append(' ')
        .append(path)
        .append(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    switch (rnd.nextInt(6)) {
      case 0 -> h.append("Authorization: Bearer ").append(owner.token()).append("\r\n");
      case 2 -> h.append("Authorization: Bearer ").append(pick(world.tokens())).append("\r\n");
      case 1 ->
          h.append("Authorization: ")
              .append(
                  pick(
                      "Bearer ",
                      "Bearer x.y.z",
                      "Basic Zm9vOmJhcg==",
                      "Bearer ot_" + "A".repeat(40),
                      "Bearer " + owner.token() + "x"))
              .append("\r\n");
      default -> {}
    }
    if (rnd.nextInt(10) == 0) {
      h.append(
              pick(
                  "Idempotency-Key: ",
                  "Idempotency-Key: " + "k".repeat(500),
                  "X-Request-Id: ../../etc",
                  "Accept: */*;q=abc",
                  "Content-Encoding: gzip",
                  "Expect: 100-continue",
                  "X-Forwarded-For: 1.2.3.4, ::1, garbage",
                  "traceparent: 00-zz"))
          .append("\r\n");
    }
    byte[] body = body();
    boolean truncate = false;
    if (body != null) {
      h.append("Content-Type: ")
          .append(
              rnd.nextInt(12) == 0
                  ? pick(
                      "text/plain",
                      "application/json; charset=latin1",
                      "application/x-www-form-urlencoded",
                      "")
                  : "application/json")
          .append("\r\n");
      int declared = body.length;
      switch (rnd.nextInt(12)) {
        case 0 -> {
          declared = body.length + 1 + rnd.nextInt(100);
          truncate = true;
        }
        case 1 -> {
          h.append("Transfer-Encoding: chunked\r\n\r\n");
          return request(h, chunked(body), false, method, path);
        }
        default -> {}
      }
      h.append("Content-Length: ").append(declared).append("\r\n");
    }
    h.append("\r\n");
    return request(h, body == null ? new byte[0] : body, truncate, method, path);
  }

  private Request request(
      StringBuilder head, byte[] body, boolean truncate, String method, String path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    String what =
        method
            + " "
            + (path.length() > 80 ? path.substring(0, 80) + "..." : path)
            + " body "
            + body.length
            + (truncate ? " truncated" : "")
            + " "
            + preview(body);
    return new Request(out.toByteArray(), truncate, what, path.startsWith("/api/"));
  }

  private static String preview(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
    return s.replaceAll("[\\x00-\\x1f]", "?");
  }

  private byte[] chunked(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String size =
        switch (rnd.nextInt(5)) {
          case 0 -> "zz";
          case 1 -> "-1";
          case 2 -> "FFFFFFFFFFFFFFFF";
          default -> Integer.toHexString(body.length);
        };
    out.writeBytes((size + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    out.writeBytes(
        (rnd.nextBoolean() ? "\r\n0\r\n\r\n" : "\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private String id() {
    return switch (rnd.nextInt(10)) {
      case 8, 9 -> pick(world.ids());
      case 0 -> "not-a-uuid";
      case 1 -> "%00";
      case 2 -> "00000000-0000-0000-0000-000000000000";
      case 3 -> "me";
      case 4 -> "-1";
      case 5 -> owner.restaurantId();
      default -> UUID.randomUUID().toString();
    };
  }

  private byte[] body() {
    if (rnd.nextInt(5) == 0) {
      return null;
    }
    String json =
        switch (rnd.nextInt(16)) {
          case 0 -> "{";
          case 1 -> "[]";
          case 2 -> "null";
          case 3 -> "{\"a\":1,\"a\":2}";
          case 4 -> "[".repeat(5000) + "]".repeat(5000);
          case 5 -> "{\"x\":" + "{\"x\":".repeat(3000) + "1" + "}".repeat(3001);
          case 6 -> "{\"name\":\"" + "가".repeat(100_000) + "\"}";
          case 7 ->
              "{\"quantity\":1e400,\"price\":-99999999999999999999999,\"stock\":9223372036854775808}";
          case 8 ->
              "{\"restaurant_id\":\""
                  + owner.restaurantId()
                  + "\",\"items\":[{\"item_id\":123,\"quantity\":\"one\"}],\"customer\":{\"name\":[],\"phone\":{}}}";
          case 9 -> "{\"email\":\"a@b.c\",\"password\":1,\"role\":\"ADMIN\"}";
          case 10 -> "{\"name\":\"x\"} trailing";
          case 11 ->
              nul ? "{\"name\":\"a\\u0000b\",\"reason\":\"\\u0000\"}" : "{\"name\":\"\\ud800\"}";
          case 12 -> "{\"items\":[" + "{},".repeat(2000) + "{}]}";
          case 13 ->
              "{\"at\":\"2026-13-45T99:99\",\"day\":\"MONDAYS\",\"opens\":\"25:00\",\"closes\":-1}";
          case 14 ->
              "{\"price\":0.5,\"amount\":-1,\"percent\":1000,\"status\":\"DONE\",\"version\":-9}";
          default ->
              "{\""
                  + "k".repeat(rnd.nextInt(50))
                  + "\":"
                  + pick("true", "\"\"", "1.5", "-0", "[null]")
                  + "}";
        };
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (rnd.nextInt(15) == 0) {
      // Invalid UTF-8 in the middle.
      byte[] bad = new byte[bytes.length + 3];
      System.arraycopy(bytes, 0, bad, 0, bytes.length);
      bad[bytes.length] = (byte) 0xC3;
      bad[bytes.length + 1] = (byte) 0x28;
      bad[bytes.length + 2] = (byte) 0xFF;
      return bad;
    }
    return bytes;
  }

  private String pick(String... options) {
    return options[rnd.nextInt(options.length)];
  }

  private String pick(List<String> options) {
    return options.get(rnd.nextInt(options.size()));
  }
}
