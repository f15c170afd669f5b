package dev.ordersync.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ordersync.core.notify.Channel;
import dev.ordersync.core.notify.Message;
import dev.ordersync.core.notify.Notifier;
import dev.ordersync.core.notify.SendOutcome;
import dev.ordersync.server.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@link Notifier} for text messages over Aligo's API: {@code POST {apiUrl}/send/}, form-encoded
 * UTF-8 ({@code key, user_id, sender, receiver, msg, msg_type, title, testmode_yn}), answered with
 * JSON {@code {result_code, message, msg_id, success_cnt, error_cnt, msg_type}}.
 *
 * <p>The adapter chooses the type itself (Aligo recommends it, since systems count line breaks
 * differently): SMS when the text fits {@value #SMS_BYTES} bytes as the carriers count them
 * (EUC-KR: one byte for ASCII, two for anything else; a line break counted as two, in case it
 * travels as CR LF), LMS with a title up to {@value #LMS_BYTES} bytes, and nothing at all above
 * that.
 *
 * <p>How answers become outcomes: {@code result_code} 1 (a number or a string) with the receiver
 * accepted is {@code Sent(msg_id)}; 1 with the receiver counted in {@code error_cnt} is {@code
 * Refused("receiver_rejected")}; a negative code is {@code Refused(code, message)}. Aligo's
 * documentation lists its negative codes as errors in the request or the account (key, user, sender
 * number, balance, content); none is described as temporary, so none is retried: a person must act
 * (top up, register the number) and can then retry the dead letter. HTTP 429 and 5xx are retried
 * (honouring Retry-After).
 */
public final class AligoSms implements Notifier {
  /** The most an SMS may hold, in EUC-KR bytes. */
  public static final int SMS_BYTES = 90;

  /** The most an LMS may hold, in EUC-KR bytes. */
  public static final int LMS_BYTES = 2000;

  /** The most an LMS title may hold, in EUC-KR bytes. */
  public static final int TITLE_BYTES = 44;

  /** The title of a long text whose message has no subject. */
  public static final String DEFAULT_TITLE = "알림";

  private static final Pattern RECEIVER = Pattern.compile("0[0-9]{7,11}");

  /**
   * What Aligo needs.
   *
   * @param apiUrl ORDERSYNC_ALIGO_API_URL (https://apis.aligo.in)
   * @param key ORDERSYNC_ALIGO_KEY, the API key (never shown)
   * @param userId ORDERSYNC_ALIGO_USER_ID, the Aligo account
   * @param sender ORDERSYNC_ALIGO_SENDER, a number registered with Aligo, digits only
   * @param testMode ORDERSYNC_ALIGO_TEST_MODE: Aligo checks and answers but sends nothing
   * @param connectTimeout ORDERSYNC_NOTIFY_CONNECT_TIMEOUT (PT3S)
   * @param requestTimeout ORDERSYNC_NOTIFY_TIMEOUT (PT10S)
   */
  public record Settings(
      URI apiUrl,
      String key,
      String userId,
      String sender,
      boolean testMode,
      Duration connectTimeout,
      Duration requestTimeout) {
    public Settings {
      Objects.requireNonNull(apiUrl, "apiUrl");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public String toString() {
      return "AligoSms.Settings[apiUrl="
          + apiUrl
          + ", key=(set), userId="
          + userId
          + ", sender="
          + sender
          + ", testMode="
          + testMode
          + "]";
    }
  }

  private final Settings settings;
  private final URI sendUri;
  private final ProviderCall call;
  private final Clock clock;

  public AligoSms(Settings settings) {
    this(settings, Clock.systemUTC());
  }

  public AligoSms(Settings settings, Clock clock) {
    this(settings, clock, dev.ordersync.server.observe.Tracing.off());
  }

  /** With tracing on, each send is a client span and Aligo receives its traceparent. */
  public AligoSms(Settings settings, Clock clock, dev.ordersync.server.observe.Tracing tracing) {
    this.settings = settings;
    String base = settings.apiUrl().toString();
    this.sendUri = URI.create((base.endsWith("/") ? base : base + "/") + "send/");
    this.call = new ProviderCall("Aligo", settings.connectTimeout(), tracing);
    this.clock = clock;
  }

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public SendOutcome send(Message message) {
    if (message.channel() != Channel.SMS) {
      return new SendOutcome.Refused("wrong_channel", "Aligo sends text messages only");
    }
    String receiver = message.to().replace("-", "").strip();
    if (!RECEIVER.matcher(receiver).matches()) {
      return new SendOutcome.Refused("bad_number", "not a Korean phone number");
    }
    String text = message.body();
    int bytes = bytes(text);
    if (bytes == 0) {
      return new SendOutcome.Refused("empty", "the text is empty");
    }
    if (bytes > LMS_BYTES) {
      return new SendOutcome.Refused(
          "too_long", "the text is " + bytes + " bytes, more than " + LMS_BYTES + " for an LMS");
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("key", settings.key());
    form.put("user_id", settings.userId());
    form.put("sender", settings.sender());
    form.put("receiver", receiver);
    form.put("msg", text);
    if (bytes <= SMS_BYTES) {
      form.put("msg_type", "SMS");
    } else {
      form.put("msg_type", "LMS");
      form.put("title", title(message.subject()));
    }
    form.put("testmode_yn", settings.testMode() ? "Y" : "N");
    HttpRequest request =
        HttpRequest.newBuilder(sendUri)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form), StandardCharsets.UTF_8))
            .build();
    return switch (call.send(request)) {
      case ProviderCall.Failed f -> f.outcome();
      case ProviderCall.Answered a -> outcome(a.response());
    };
  }

  private SendOutcome outcome(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 429 || status == 408 || status >= 500) {
      return new SendOutcome.RetryLater(
          String.valueOf(status),
          "Aligo answered " + status,
          ProviderCall.retryAfter(response, clock));
    }
    if (status != 200) {
      return new SendOutcome.Refused(
          String.valueOf(status),
          "Aligo answered " + status + ": " + ProviderCall.excerpt(response.body()));
    }
    JsonNode answer;
    try {
      answer = Json.tree(response.body());
    } catch (IOException | RuntimeException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject() || !answer.has("result_code")) {
      // A 200 that is not Aligo's JSON: a proxy's page, or Aligo failing after it took the request.
      // Which one cannot be told from here, so saying "retry" could text the guest twice: the
      // outcome is unknown, and the deliverer records it instead of sending again blindly.
      return new SendOutcome.Unknown(
          "Aligo answered 200 with something that is not its JSON: "
              + ProviderCall.excerpt(response.body()));
    }
    String code = answer.path("result_code").asText("").strip();
    String text = answer.path("message").asText("");
    int n;
    try {
      n = Integer.parseInt(code);
    } catch (NumberFormatException e) {
      return new SendOutcome.Unknown("Aligo answered an unreadable result_code '" + code + "'");
    }
    if (n == 1) {
      if (answer.path("success_cnt").asInt(1) == 0 && answer.path("error_cnt").asInt(0) > 0) {
        return new SendOutcome.Refused(
            "receiver_rejected", "Aligo did not accept the receiver: " + text);
      }
      return new SendOutcome.Sent(answer.path("msg_id").asText(""));
    }
    if (n < 0) {
      return new SendOutcome.Refused(code, text);
    }
    return new SendOutcome.Unknown("Aligo answered result_code " + code + ": " + text);
  }

  /** The title of an LMS: the subject, cut to {@value #TITLE_BYTES} bytes, or the default. */
  static String title(String subject) {
    if (subject == null || subject.isBlank()) {
      return DEFAULT_TITLE;
    }
    String s = subject.strip().replaceAll("\\s+", " ");
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int b = bytes(cp);
      if (used + b > TITLE_BYTES) {
        break;
      }
      out.appendCodePoint(cp);
      used += b;
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /**
   * The text's size as Korean carriers count it (EUC-KR): ASCII one byte, everything else two
   * (characters EUC-KR lacks are replaced on the way and counted as two to stay on the safe side),
   * a line break two (it may travel as CR LF).
   */
  public static int bytes(String text) {
    int total = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      total += bytes(cp);
      i += Character.charCount(cp);
    }
    return total;
  }

  private static int bytes(int codePoint) {
    if (codePoint == '\n') {
      return 2;
    }
    return codePoint < 0x80 ? 1 : 2;
  }

  private static String encode(Map<String, String> form) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : form.entrySet()) {
      if (!b.isEmpty()) {
        b.append('&');
      }
      b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "AligoSms[" + settings + "]";
  }
}
