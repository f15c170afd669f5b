package dev.ordersync.crypto;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for AWS KMS that speaks its JSON protocol (GenerateDataKey, Decrypt, Encrypt) on
 * 127.0.0.1, so the real AWS SDK client is tested end to end. It checks what AWS checks that
 * matters here: the target header, a SigV4 Authorization header, the key id, and that Decrypt names
 * the same encryption context as the call that produced the ciphertext (answering
 * InvalidCiphertextException otherwise, as KMS does).
 */
/**
 * A local stand-in for AWS KMS speaking its JSON protocol; public so the server's tests can use it
 * too.
 */
public final class FakeKms implements AutoCloseable {
  /** One request as the fake saw it. */
  record Call(String target, String authorization, Map<String, String> encryptionContext) {}

  private record Blob(String keyId, byte[] plaintext, Map<String, String> context) {}

  public static final String KEY_ARN =
      "arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Blob> blobs = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> rejected = new CopyOnWriteArrayList<>();
  private final List<String> traceparents = new CopyOnWriteArrayList<>();

  public FakeKms() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The W3C trace context of each request that carried one, as "Operation traceparent". */
  public List<String> traceparents() {
    return List.copyOf(traceparents);
  }

  public long count(String operation) {
    return calls.stream().filter(c -> c.target().equals("TrentService." + operation)).count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
      if (traceparent != null && target != null) {
        traceparents.add(target.substring(target.indexOf('.') + 1) + " " + traceparent);
      }
      if (!"POST".equals(exchange.getRequestMethod())
          || !"/".equals(exchange.getRequestURI().getPath())) {
        reply(exchange, 404, error("UnknownOperationException", "POST / only"));
        return;
      }
      if (authorization == null
          || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")
          || !authorization.contains("SignedHeaders=")
          || !authorization.contains("Signature=")) {
        rejected.add("no SigV4 Authorization header");
        reply(
            exchange, 400, error("MissingAuthenticationTokenException", "missing SigV4 signature"));
        return;
      }
      if (contentType == null || !contentType.startsWith("application/x-amz-json-1.1")) {
        rejected.add("content type " + contentType);
        reply(exchange, 400, error("SerializationException", "wrong content type"));
        return;
      }
      String json = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonObject body = JsonParser.parseString(json).getAsJsonObject();
      Map<String, String> context = new TreeMap<>();
      if (body.has("EncryptionContext")) {
        body.getAsJsonObject("EncryptionContext")
            .entrySet()
            .forEach(e -> context.put(e.getKey(), e.getValue().getAsString()));
      }
      calls.add(new Call(target, authorization, Collections.unmodifiableMap(context)));
      switch (target == null ? "" : target) {
        case "TrentService.GenerateDataKey" -> generateDataKey(exchange, body, context);
        case "TrentService.Encrypt" -> encrypt(exchange, body, context);
        case "TrentService.Decrypt" -> decrypt(exchange, body, context);
        default -> {
          rejected.add("target " + target);
          reply(exchange, 400, error("UnknownOperationException", "unknown target"));
        }
      }
    }
  }

  private void generateDataKey(HttpExchange exchange, JsonObject body, Map<String, String> context)
      throws IOException {
    if (!knownKey(body) || !"AES_256".equals(body.get("KeySpec").getAsString())) {
      reply(exchange, 400, error("NotFoundException", "unknown key"));
      return;
    }
    byte[] key = new byte[32];
    random.nextBytes(key);
    String blob = store(key, context);
    JsonObject out = new JsonObject();
    out.addProperty("CiphertextBlob", blob);
    out.addProperty("KeyId", KEY_ARN);
    out.addProperty("Plaintext", Base64.getEncoder().encodeToString(key));
    reply(exchange, 200, out.toString());
  }

  private void encrypt(HttpExchange exchange, JsonObject body, Map<String, String> context)
      throws IOException {
    if (!knownKey(body)) {
      reply(exchange, 400, error("NotFoundException", "unknown key"));
      return;
    }
    JsonObject out = new JsonObject();
    out.addProperty(
        "CiphertextBlob",
        store(Base64.getDecoder().decode(body.get("Plaintext").getAsString()), context));
    out.addProperty("KeyId", KEY_ARN);
    out.addProperty("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    reply(exchange, 200, out.toString());
  }

  private void decrypt(HttpExchange exchange, JsonObject body, Map<String, String> context)
      throws IOException {
    Blob blob = blobs.get(body.get("CiphertextBlob").getAsString());
    if (blob == null || !blob.context().equals(context)) {
      reply(
          exchange,
          400,
          error("InvalidCiphertextException", "ciphertext or encryption context does not match"));
      return;
    }
    if (body.has("KeyId") && !body.get("KeyId").getAsString().equals(blob.keyId())) {
      reply(
          exchange,
          400,
          error("IncorrectKeyException", "the ciphertext was not encrypted under this key"));
      return;
    }
    JsonObject out = new JsonObject();
    out.addProperty("KeyId", blob.keyId());
    out.addProperty("Plaintext", Base64.getEncoder().encodeToString(blob.plaintext()));
    out.addProperty("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    reply(exchange, 200, out.toString());
  }

  private boolean knownKey(JsonObject body) {
    return body.has("KeyId") && body.get("KeyId").getAsString().equals(KEY_ARN);
  }

  private String store(byte[] plaintext, Map<String, String> context) {
    byte[] id = new byte[48];
    random.nextBytes(id);
    String blob = Base64.getEncoder().encodeToString(id);
    blobs.put(blob, new Blob(KEY_ARN, plaintext.clone(), Map.copyOf(context)));
    return blob;
  }

  private static String error(String type, String message) {
    JsonObject out = new JsonObject();
    out.addProperty("__type", type);
    out.addProperty("message", message);
    return out.toString();
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-" + System.nanoTime());
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  List<String> targets() {
    List<String> out = new ArrayList<>();
    calls.forEach(c -> out.add(c.target()));
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
