package dev.ordersync.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A local Aligo SMS server for tests, following Aligo's documented send API: {@code POST /send/},
 * form-encoded UTF-8 {@code key, user_id, sender, receiver (comma list), msg (1 to 2,000 bytes),
 * msg_type (SMS up to 90 bytes, LMS, or none: chosen by size), title (LMS only, up to 44 bytes),
 * testmode_yn}, answered with HTTP 200 and JSON {@code {result_code, message, msg_id, success_cnt,
 * error_cnt, msg_type}}: {@code result_code} 1 when taken, negative when refused. Sizes are counted
 * as the carriers do, in EUC-KR (Korea's Windows code page, MS949, so that every Hangul syllable is
 * two bytes).
 *
 * <p>Aligo documents that failures are negative codes with a Korean message; the numbers below are
 * the fake's own (the adapter relies on the sign only). A receiver that is not a mobile number is
 * counted in {@code error_cnt} rather than failing the request, the way a list send works.
 *
 * <p>Faults: a wrong key or user, an unregistered sender, no balance ({@link #balance(int)}), 429
 * with Retry-After, 500, a slow answer, down and up on the same port, accept then hang.
 */
public final class FakeAligo extends FakeProviderServer {
  public static final int AUTH_FAILED = -101;
  public static final int MISSING_FIELD = -102;
  public static final int UNREGISTERED_SENDER = -103;
  public static final int NO_BALANCE = -105;
  public static final int TOO_LONG = -108;
  public static final int BAD_TITLE = -109;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Charset EUC_KR = Charset.forName("x-windows-949");
  private static final Pattern MOBILE = Pattern.compile("01[016789][0-9]{7,8}");

  /** One message Aligo accepted, per receiver. */
  public record Sms(
      String sender,
      String receiver,
      String text,
      String type,
      String title,
      boolean testMode,
      String msgId,
      Map<String, String> headers) {}

  private final String key;
  private final String userId;
  private final Set<String> senders;
  private final List<Sms> messages = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger balance = new AtomicInteger(Integer.MAX_VALUE);
  private final AtomicLong ids = new AtomicLong(700_000_000L);
  private final AtomicInteger requests = new AtomicInteger();
  private volatile boolean codesAsText;

  private FakeAligo(String key, String userId, Set<String> senders) {
    super("/");
    this.key = key;
    this.userId = userId;
    this.senders = senders;
  }

  /** A fake Aligo on a free port that knows one account and its registered sender numbers. */
  public static FakeAligo start(String key, String userId, String... registeredSenders) {
    return new FakeAligo(key, userId, Set.of(registeredSenders));
  }

  /** Messages left on the account (each receiver costs one; test mode costs nothing). */
  public void balance(int left) {
    balance.set(left);
  }

  /** Writes {@code result_code} as a string ({@code "1"}) instead of a number. */
  public void codesAsText(boolean asText) {
    this.codesAsText = asText;
  }

  /** The next request gets 429 with {@code Retry-After: seconds}. */
  public void rateLimitNext(Duration retryAfter) {
    answerNext(
        429,
        Map.of("Retry-After", String.valueOf(retryAfter.toSeconds())),
        "{\"result_code\":-999,\"message\":\"too many requests\"}");
  }

  /** The next request gets a 500 with an HTML page, as a web server in trouble would. */
  public void serverErrorNext() {
    answerNext(
        500,
        Map.of("Content-Type", "text/html"),
        "<html><body>500 Internal Server Error</body></html>");
  }

  /** Every message accepted so far, in order. */
  public List<Sms> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  /** Requests received (accepted or not), canned answers excepted. */
  public int requests() {
    return requests.get();
  }

  @Override
  Answer handle(String method, String path, Map<String, String> headers, byte[] body) {
    requests.incrementAndGet();
    if (!path.equals("/send/")) {
      return new Answer(404, Map.of("Content-Type", "text/html"), "Not Found".getBytes());
    }
    if (!method.equals("POST")) {
      return new Answer(405, Map.of("Allow", "POST"), new byte[0]);
    }
    String type = headers.getOrDefault("content-type", "");
    if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return fail(MISSING_FIELD, "요청 형식이 올바르지 않습니다 (form-encoded).");
    }
    Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
    if (!key.equals(form.get("key")) || !userId.equals(form.get("user_id"))) {
      return fail(AUTH_FAILED, "인증오류입니다.");
    }
    for (String required : List.of("sender", "receiver", "msg")) {
      if (form.getOrDefault(required, "").isBlank()) {
        return fail(MISSING_FIELD, required + " 값이 없습니다.");
      }
    }
    String sender = form.get("sender").replace("-", "");
    if (sender.getBytes(StandardCharsets.UTF_8).length > 16 || !senders.contains(sender)) {
      return fail(UNREGISTERED_SENDER, "미등록 발신번호입니다.");
    }
    String msg = form.get("msg");
    int bytes = bytes(msg);
    if (bytes > AligoSms.LMS_BYTES) {
      return fail(TOO_LONG, "메시지 내용은 2,000byte 이하입니다.");
    }
    String msgType = form.getOrDefault("msg_type", "");
    if (msgType.isEmpty()) {
      msgType = bytes <= AligoSms.SMS_BYTES ? "SMS" : "LMS";
    }
    if (!msgType.equals("SMS") && !msgType.equals("LMS")) {
      return fail(MISSING_FIELD, "msg_type 값이 올바르지 않습니다.");
    }
    if (msgType.equals("SMS") && bytes > AligoSms.SMS_BYTES) {
      return fail(TOO_LONG, "SMS는 90byte 이하입니다.");
    }
    String title = form.get("title");
    if (title != null && (msgType.equals("SMS") || bytes(title) > AligoSms.TITLE_BYTES)) {
      return fail(BAD_TITLE, "제목은 LMS에서 44byte 이하입니다.");
    }
    String test = form.getOrDefault("testmode_yn", "N");
    if (!test.equals("Y") && !test.equals("N")) {
      return fail(MISSING_FIELD, "testmode_yn 값은 Y 또는 N입니다.");
    }
    boolean testMode = test.equals("Y");
    List<String> good = new ArrayList<>();
    int bad = 0;
    for (String r : form.get("receiver").split(",")) {
      String n = r.strip().replace("-", "");
      if (MOBILE.matcher(n).matches()) {
        good.add(n);
      } else {
        bad++;
      }
    }
    if (!testMode && !good.isEmpty()) {
      int left;
      do {
        left = balance.get();
        if (left < good.size()) {
          return fail(NO_BALANCE, "잔액이 부족합니다.");
        }
      } while (!balance.compareAndSet(left, left - good.size()));
    }
    String msgId = String.valueOf(ids.incrementAndGet());
    Map<String, String> kept = new LinkedHashMap<>(headers);
    for (String r : good) {
      messages.add(new Sms(sender, r, msg, msgType, title, testMode, msgId, Map.copyOf(kept)));
    }
    ObjectNode a = JSON.createObjectNode();
    code(a, 1);
    a.put("message", "success");
    a.put("msg_id", msgId);
    a.put("success_cnt", good.size());
    a.put("error_cnt", bad);
    a.put("msg_type", msgType);
    return Answer.json(200, a.toString());
  }

  private Answer fail(int code, String message) {
    ObjectNode a = JSON.createObjectNode();
    code(a, code);
    a.put("message", message);
    return Answer.json(200, a.toString());
  }

  private void code(ObjectNode a, int code) {
    if (codesAsText) {
      a.put("result_code", String.valueOf(code));
    } else {
      a.put("result_code", code);
    }
  }

  /** The size as carriers count it: MS949, two bytes for each Korean character. */
  static int bytes(String s) {
    return s.getBytes(EUC_KR).length;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.putIfAbsent(k, v);
    }
    return form;
  }
}
