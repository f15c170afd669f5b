package dev.ordersync.server.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.RunningServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every 4xx under /api is an RFC 9457 problem ({@code application/problem+json} with a {@code
 * code}), whoever made it: our handlers, or Helidon before any route (a request line, URI or header
 * block too long, a body over the limit, a wrong content type), and no problem quotes a library's
 * text (a class name, a parser's message).
 */
class ClientErrorsAreProblemsTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();

  private static final Pattern LIBRARY_TEXT =
      Pattern.compile(
          "(?i)exception|jackson|helidon|java\\.|javax\\.|org\\.|com\\.|\\bat line\\b.*\\bsource\\b|"
              + "JsonReadFeature|Unexpected character|No enum constant|For input string");

  record Answer(int status, String head, String body) {
    String header(String name) {
      Matcher m =
          Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*([^\\r\\n]*)").matcher(head);
      return m.find() ? m.group(1).trim() : null;
    }
  }

  static Map<String, String> cases() {
    Map<String, String> cases = new TreeMap<>();
    String h = " HTTP/1.1\r\nHost: x\r\n";
    String post = "POST /api/v1/orders HTTP/1.1\r\nHost: x\r\n";
    cases.put(
        "a URI of 20,000 characters", "GET /api/v1/restaurants/" + "a".repeat(20_000) + h + "\r\n");
    cases.put(
        "a query of 20,000 characters",
        "GET /api/v1/restaurants/me/orders?status=" + "A".repeat(20_000) + h + "\r\n");
    cases.put(
        "a header of 40,000 bytes",
        "GET /api/v1/orders" + h + "X-Big: " + "b".repeat(40_000) + "\r\n\r\n");
    StringBuilder many = new StringBuilder("GET /api/v1/orders" + h);
    for (int i = 0; i < 3_000; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    cases.put("3,000 headers", many.append("\r\n").toString());
    cases.put(
        "a text/plain body",
        post + "Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    cases.put(
        "a body without a content type", post + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
    cases.put(
        "a form body",
        post
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nConnection: close\r\n\r\na=b");
    cases.put(
        "a declared body of 10 MB",
        post + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{}");
    StringBuilder chunked =
        new StringBuilder(
            post + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 80; i++) {
      chunked.append("400\r\n").append(" ".repeat(1024)).append("\r\n");
    }
    cases.put("a chunked body of 80 KiB", chunked.append("0\r\n\r\n").toString());
    cases.put(
        "a bad escape in the query", "GET /api/v1/restaurants/me/orders?status=%zz" + h + "\r\n");
    cases.put("a bad escape in a path id", "GET /api/v1/orders/%zz" + h + "\r\n");
    cases.put("a NUL in a path id", "GET /api/v1/orders/%00" + h + "\r\n");
    cases.put("an unknown path", "GET /api/v1/no/such/thing" + h + "Accept: text/html\r\n\r\n");
    cases.put("OPTIONS", "OPTIONS /api/v1/orders" + h + "\r\n");
    cases.put("TRACE", "TRACE /api/v1/orders" + h + "\r\n");
    cases.put(
        "a Basic credential", "GET /api/v1/auth/me" + h + "Authorization: Basic eDp5\r\n\r\n");
    cases.put("a bad limit", "GET /api/v1/restaurants/me/orders?limit=1e99" + h + "\r\n");
    cases.put("a body that is a JSON string", json("/api/v1/orders", "\"x\""));
    cases.put(
        "a number too large for its field",
        json("/api/v1/auth/register", "{\"email\":1e999999,\"password\":12345678}"));
    cases.put("a deeply nested body", json("/api/v1/orders", "[".repeat(5_000)));
    String gz = "POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    cases.put(
        "a gzip body that is not gzip",
        gz + "Content-Encoding: gzip\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    cases.put(
        "an unknown content encoding",
        gz + "Content-Encoding: zstd-x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    cases.put(
        "a deflate body that is not deflate",
        gz + "Content-Encoding: deflate\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    cases.put(
        "a latin-1 JSON body",
        gz
            + "Content-Type: application/json; charset=ISO-8859-1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    cases.put(
        "an Expect that is not 100-continue",
        gz + "Expect: 200-ok\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    cases.put(
        "a JSON body that is not UTF-8",
        gz + "Content-Length: 6\r\nConnection: close\r\n\r\n{\"\u00ff\":1}");
    cases.put("HTTP/1.0", "GET /api/v1/no/such/thing HTTP/1.0\r\n\r\n");
    cases.put(
        "a bad If-Match",
        "POST /api/v1/restaurants/me/orders/00000000-0000-0000-0000-000000000000/start HTTP/1.1\r\n"
            + "Host: x\r\nIf-Match: \"x\r\n\r\n");
    cases.put("dot segments", "GET /api/v1/../../etc/passwd" + h + "\r\n");
    cases.put("an 8-bit path", "GET /api/v1/restaurants/\u00e9" + h + "\r\n");
    return cases;
  }

  private static String json(String path, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\nConnection: close\r\n\r\n"
        + body;
  }

  @Test
  void everyClientErrorUnderApiIsAProblemThatQuotesNoLibrary() throws Exception {
    List<String> wrong = new ArrayList<>();
    Map<String, Integer> statuses = new TreeMap<>();
    for (var c : cases().entrySet()) {
      Answer a = send(c.getValue().getBytes(StandardCharsets.ISO_8859_1));
      statuses.put(c.getKey(), a.status());
      String type = a.header("Content-Type");
      if (a.status() < 400 || a.status() >= 500) {
        wrong.add(c.getKey() + ": status " + a.status() + " " + a.head());
      } else if (type == null
          || !type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
        wrong.add(c.getKey() + ": " + a.status() + " as " + type + " " + a.body());
      } else if (!a.body().contains("\"code\"")) {
        wrong.add(c.getKey() + ": no code in " + a.body());
      } else if (LIBRARY_TEXT.matcher(a.body()).find()) {
        wrong.add(c.getKey() + ": quotes a library: " + a.body());
      }
    }
    System.out.println("client errors: " + statuses);
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  static Answer send(byte[] bytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        // The server may answer (and close) before it has read everything: read its answer.
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      int headEnd = -1;
      long contentLength = -1;
      try {
        while ((n = in.read(buf)) != -1) {
          all.write(buf, 0, n);
          String text = all.toString(StandardCharsets.ISO_8859_1);
          if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
            Matcher m =
                Pattern.compile("(?im)^content-length:\\s*(\\d+)")
                    .matcher(text.substring(0, headEnd));
            contentLength = m.find() ? Long.parseLong(m.group(1)) : -1;
          }
          if (headEnd >= 0 && contentLength >= 0 && all.size() >= headEnd + 4 + contentLength) {
            break;
          }
        }
      } catch (IOException e) {
        if (all.size() == 0) {
          return new Answer(0, e.toString(), "");
        }
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        return new Answer(0, text, "");
      }
      String head = text.substring(0, end);
      Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(head);
      return new Answer(
          status.find() ? Integer.parseInt(status.group(1)) : 0, head, text.substring(end + 4));
    }
  }
}
