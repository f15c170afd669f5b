package dev.ordersync.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local SendGrid v3 mail server for tests, following the documented {@code POST /v3/mail/send}:
 * {@code Authorization: Bearer <key>} (else 401), a JSON body with {@code personalizations[].to[]
 * .email}, {@code from.email} (a verified sender, else 403), {@code subject} (unless every
 * personalization has one), {@code content[]} of {@code {type, value}} with text/plain first; 202
 * Accepted with {@code X-Message-Id} and no body; errors as {@code {"errors": [{"message", "field",
 * "help"}]}} with 400, 401, 403, 413 (body over {@link #maxBodyBytes}), 429 ({@code
 * X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset} in unix seconds),
 * 500.
 */
public final class FakeSendGrid extends FakeProviderServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One email accepted, per recipient. */
  public record Mail(
      String to,
      String fromEmail,
      String fromName,
      String subject,
      String text,
      String html,
      String messageId,
      Map<String, String> headers) {}

  private final String apiKey;
  private final Set<String> verified;
  private final List<Mail> mails = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int maxBodyBytes = 30 * 1024 * 1024;

  private FakeSendGrid(String apiKey, Set<String> verified) {
    super("/");
    this.apiKey = apiKey;
    this.verified = verified;
  }

  /** A fake SendGrid on a free port with one API key and its verified sender addresses. */
  public static FakeSendGrid start(String apiKey, String... verifiedSenders) {
    return new FakeSendGrid(apiKey, Set.of(verifiedSenders));
  }

  /** Bodies larger than this get 413 (SendGrid's limit is 30 MB). */
  public void maxBodyBytes(int max) {
    this.maxBodyBytes = max;
  }

  /** The next request gets 429 until {@code reset}. */
  public void rateLimitNext(Instant reset) {
    answerNext(
        429,
        Map.of(
            "Content-Type", "application/json",
            "X-RateLimit-Limit", "600",
            "X-RateLimit-Remaining", "0",
            "X-RateLimit-Reset", String.valueOf(reset.getEpochSecond())),
        errors("too many requests", null));
  }

  /** The next request gets a 500. */
  public void serverErrorNext() {
    answerNext(500, Map.of("Content-Type", "application/json"), errors("internal error", null));
  }

  public List<Mail> mails() {
    synchronized (mails) {
      return List.copyOf(mails);
    }
  }

  /** Requests received, canned answers excepted. */
  public int requests() {
    return requests.get();
  }

  @Override
  Answer handle(String method, String path, Map<String, String> headers, byte[] body) {
    requests.incrementAndGet();
    if (!path.equals("/v3/mail/send")) {
      return error(404, "not found", null);
    }
    if (!method.equals("POST")) {
      return error(405, "method not allowed", null);
    }
    if (!("Bearer " + apiKey).equals(headers.get("authorization"))) {
      return error(401, "The provided authorization grant is invalid, expired, or revoked", null);
    }
    if (body.length > maxBodyBytes) {
      return error(413, "The JSON payload you have included in your request is too large.", null);
    }
    if (!headers.getOrDefault("content-type", "").startsWith("application/json")) {
      return error(415, "Content-Type should be application/json.", null);
    }
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      return error(400, "Bad Request", null);
    }
    if (n == null || !n.isObject()) {
      return error(400, "Bad Request", null);
    }
    JsonNode ps = n.path("personalizations");
    if (!ps.isArray() || ps.isEmpty() || ps.size() > 1000) {
      return error(
          400,
          "The personalizations field is required and must have at least one personalization.",
          "personalizations");
    }
    JsonNode from = n.path("from");
    if (!from.path("email").isTextual() || !SendGridEmail.validEmail(from.path("email").asText())) {
      return error(400, "The from email does not contain a valid address.", "from.email");
    }
    boolean everyHasSubject = true;
    for (int i = 0; i < ps.size(); i++) {
      JsonNode to = ps.get(i).path("to");
      if (!to.isArray() || to.isEmpty()) {
        return error(
            400,
            "The to array is required for all personalization objects, and must have at least"
                + " one email object with a valid email address.",
            "personalizations." + i + ".to");
      }
      for (int j = 0; j < to.size(); j++) {
        if (!SendGridEmail.validEmail(to.get(j).path("email").asText(null))) {
          return error(
              400,
              "Does not contain a valid address.",
              "personalizations." + i + ".to." + j + ".email");
        }
      }
      everyHasSubject &= ps.get(i).path("subject").isTextual();
    }
    String subject = n.path("subject").asText("");
    if (subject.isBlank() && !everyHasSubject) {
      return error(
          400,
          "The subject is required. You can get around this requirement if you use a template"
              + " with a subject defined or if every personalization has a subject defined.",
          "subject");
    }
    JsonNode content = n.path("content");
    if (!content.isArray() || content.isEmpty()) {
      return error(
          400,
          "Unless a valid template_id is provided, the content parameter is required.",
          "content");
    }
    String text = null;
    String html = null;
    for (int i = 0; i < content.size(); i++) {
      JsonNode c = content.get(i);
      String type = c.path("type").asText("");
      String value = c.path("value").asText("");
      if (type.isEmpty() || value.isEmpty()) {
        return error(
            400,
            "The content value must be a string at least one character in length.",
            "content." + i + ".value");
      }
      if (type.equals("text/plain")) {
        if (i != 0) {
          return error(
              400,
              "If present, text/plain content must be first, followed by text/html.",
              "content." + i + ".type");
        }
        text = value;
      } else if (type.equals("text/html")) {
        html = value;
      }
    }
    String fromEmail = from.path("email").asText();
    if (!verified.contains(fromEmail)) {
      return error(
          403,
          "The from address does not match a verified Sender Identity. Mail cannot be sent until"
              + " this error is resolved.",
          null);
    }
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    Map<String, String> kept = new LinkedHashMap<>(headers);
    kept.remove("authorization");
    for (JsonNode p : ps) {
      String s = p.path("subject").isTextual() ? p.path("subject").asText() : subject;
      for (JsonNode to : p.path("to")) {
        mails.add(
            new Mail(
                to.path("email").asText(),
                fromEmail,
                from.path("name").asText(null),
                s,
                text,
                html,
                id,
                Map.copyOf(kept)));
      }
    }
    return new Answer(202, Map.of("X-Message-Id", id), new byte[0]);
  }

  private static Answer error(int status, String message, String field) {
    return Answer.json(status, errors(message, field));
  }

  private static String errors(String message, String field) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("errors");
    ObjectNode e = list.addObject();
    e.put("message", message);
    if (field == null) {
      e.putNull("field");
    } else {
      e.put("field", field);
    }
    e.putNull("help");
    return root.toString();
  }
}
