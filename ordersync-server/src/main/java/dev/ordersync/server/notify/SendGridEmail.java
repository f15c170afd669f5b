package dev.ordersync.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notifier;
import dev.ordersync.core.notify.SendOutcome;
import dev.ordersync.server.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link Notifier} for email over SendGrid's v3 API: {@code POST {apiUrl}/v3/mail/send} with {@code
 * Authorization: Bearer <key>} and {@code {personalizations: [{to: [{email}]}], from: {email,
 * name}, subject, content: [{type: "text/plain", value}, {type: "text/html", value}]}}.
 *
 * <p>202 with {@code X-Message-Id} is {@code Sent}; 400, 401, 403, 413 (and any other 4xx but 408
 * and 429) are {@code Refused} with the status as the code and SendGrid's first error message; 429
 * is {@code RetryLater} until {@code X-RateLimit-Reset} (unix seconds); 408 and 5xx are {@code
 * RetryLater}; a time-out after the request went out is {@code Unknown}.
 */
public final class SendGridEmail implements Notifier {
  /**
   * What SendGrid needs.
   *
   * @param apiUrl ORDERSYNC_SENDGRID_API_URL (https://api.sendgrid.com)
   * @param apiKey ORDERSYNC_SENDGRID_API_KEY (never shown)
   * @param fromEmail the address of ORDERSYNC_MAIL_FROM
   * @param fromName the name of ORDERSYNC_MAIL_FROM ({@code Name <addr@x>}), or null
   * @param connectTimeout ORDERSYNC_NOTIFY_CONNECT_TIMEOUT (PT3S)
   * @param requestTimeout ORDERSYNC_NOTIFY_TIMEOUT (PT10S)
   */
  public record Settings(
      URI apiUrl,
      String apiKey,
      String fromEmail,
      String fromName,
      Duration connectTimeout,
      Duration requestTimeout) {
    public Settings {
      Objects.requireNonNull(apiUrl, "apiUrl");
      Objects.requireNonNull(apiKey, "apiKey");
      Objects.requireNonNull(fromEmail, "fromEmail");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public String toString() {
      return "SendGridEmail.Settings[apiUrl="
          + apiUrl
          + ", apiKey=(set), from="
          + (fromName == null ? "" : fromName + " ")
          + "<"
          + fromEmail
          + ">]";
    }
  }

  /** An address and an optional display name, as ORDERSYNC_MAIL_FROM spells them. */
  public record Address(String email, String name) {}

  /**
   * Reads {@code addr@example.kr} or {@code Name <addr@example.kr>} (the name may be quoted); empty
   * when it is neither.
   */
  public static Optional<Address> parseAddress(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    String name = null;
    String email = s;
    int lt = s.lastIndexOf('<');
    if (lt >= 0) {
      if (!s.endsWith(">")) {
        return Optional.empty();
      }
      email = s.substring(lt + 1, s.length() - 1).strip();
      name = s.substring(0, lt).strip();
      if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
        name = name.substring(1, name.length() - 1).strip();
      }
      if (name.isEmpty()) {
        name = null;
      } else if (name.chars().anyMatch(c -> c < 0x20 || c == '<' || c == '>' || c == '"')) {
        return Optional.empty();
      }
    }
    return validEmail(email) ? Optional.of(new Address(email, name)) : Optional.empty();
  }

  /** A plain address (no name), as SendGrid accepts it. */
  public static boolean validEmail(String email) {
    // The shape is the one accounts use (core's EmailAddress); the local part at most 64 characters
    // (RFC 5321), the whole at most 254.
    if (email == null || email.length() > 254 || email.indexOf('@') > 64) {
      return false;
    }
    try {
      return new dev.ordersync.core.shared.EmailAddress(email).value().length() == email.length()
          && email.equals(email.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private final Settings settings;
  private final URI sendUri;
  private final String authorization;
  private final ProviderCall call;
  private final Clock clock;
  private final boolean html;

  public SendGridEmail(Settings settings) {
    this(settings, Clock.systemUTC(), true);
  }

  /**
   * @param html also send the text as simple HTML (escaped, line breaks kept)
   */
  public SendGridEmail(Settings settings, Clock clock, boolean html) {
    this(settings, clock, html, dev.ordersync.server.observe.Tracing.off());
  }

  /** With tracing on, each send is a client span and SendGrid receives its traceparent. */
  public SendGridEmail(
      Settings settings, Clock clock, boolean html, dev.ordersync.server.observe.Tracing tracing) {
    this.settings = settings;
    String base = settings.apiUrl().toString();
    this.sendUri =
        URI.create(
            (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v3/mail/send");
    this.authorization = "Bearer " + settings.apiKey();
    this.call = new ProviderCall("SendGrid", settings.connectTimeout(), tracing);
    this.clock = clock;
    this.html = html;
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public SendOutcome send(Message message) {
    if (message.channel() != Channel.EMAIL) {
      return new SendOutcome.Refused("wrong_channel", "SendGrid sends email only");
    }
    String to = message.to().strip();
    if (!validEmail(to)) {
      return new SendOutcome.Refused("bad_address", "not an email address");
    }
    if (message.subject() == null || message.subject().isBlank()) {
      return new SendOutcome.Refused("no_subject", "an email needs a subject");
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.putArray("personalizations").addObject().putArray("to").addObject().put("email", to);
    ObjectNode from = body.putObject("from");
    from.put("email", settings.fromEmail());
    if (settings.fromName() != null) {
      from.put("name", settings.fromName());
    }
    body.put("subject", message.subject().strip().replaceAll("[\\r\\n]+", " "));
    ArrayNode content = body.putArray("content");
    content.addObject().put("type", "text/plain").put("value", message.body());
    if (html) {
      content.addObject().put("type", "text/html").put("value", html(message.body()));
    }
    HttpRequest request =
        HttpRequest.newBuilder(sendUri)
            .timeout(settings.requestTimeout())
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
            .build();
    return switch (call.send(request)) {
      case ProviderCall.Failed f -> f.outcome();
      case ProviderCall.Answered a -> outcome(a.response());
    };
  }

  private SendOutcome outcome(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return new SendOutcome.Sent(response.headers().firstValue("X-Message-Id").orElse(""));
    }
    String error = firstError(response.body());
    if (status == 429) {
      return new SendOutcome.RetryLater("429", error, rateLimitReset(response));
    }
    if (status == 408 || status >= 500) {
      return new SendOutcome.RetryLater(
          String.valueOf(status), error, ProviderCall.retryAfter(response, clock));
    }
    return new SendOutcome.Refused(String.valueOf(status), error);
  }

  /** X-RateLimit-Reset (unix seconds) from now, else Retry-After, else null. */
  private Duration rateLimitReset(HttpResponse<?> response) {
    Optional<String> reset = response.headers().firstValue("X-RateLimit-Reset");
    if (reset.isPresent()) {
      try {
        Instant at = Instant.ofEpochSecond(Long.parseLong(reset.get().strip()));
        return ProviderCall.nonNegative(Duration.between(clock.instant(), at));
      } catch (NumberFormatException | java.time.DateTimeException e) {
        // fall through to Retry-After
      }
    }
    return ProviderCall.retryAfter(response, clock);
  }

  /** SendGrid's first {@code errors[].message} (with its field), or the body's start. */
  private static String firstError(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    try {
      JsonNode n = Json.tree(body);
      JsonNode first = n.path("errors").path(0);
      if (first.isObject()) {
        String message = first.path("message").asText("");
        String field = first.path("field").isTextual() ? first.path("field").asText() : null;
        return field == null ? message : field + ": " + message;
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: the excerpt below
    }
    return ProviderCall.excerpt(body);
  }

  /** The text as HTML: escaped, line breaks as {@code <br>}. */
  static String html(String text) {
    StringBuilder b = new StringBuilder("<!doctype html><html><body><p>");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        case '\r' -> {}
        case '\n' -> b.append("<br>\n");
        default -> b.append(c);
      }
    }
    return b.append("</p></body></html>").toString();
  }

  @Override
  public String toString() {
    return "SendGridEmail[" + settings + "]";
  }
}
