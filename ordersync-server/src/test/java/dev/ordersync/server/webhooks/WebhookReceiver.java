package dev.ordersync.server.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An integrator's webhook receiver, independent of the server and of the SDK: a JDK HttpServer on
 * loopback that records every delivery and answers as told (a status, after a delay), and checks
 * signatures with its own reading of docs/api.md's scheme: {@code t=<unix seconds>,v1=<hex>} with
 * one or more {@code v1}, each HMAC-SHA256 keyed with the secret's UTF-8 bytes over {@code
 * "<t>.<body>"}.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as it arrived. */
  public record Received(
      int number, Instant at, String signature, String eventId, String contentType, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** How the receiver answers its n-th request (1-based): a status after a delay. */
  public record Answer(int status, Duration delay) {
    public static Answer ok() {
      return new Answer(200, Duration.ZERO);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();

  public WebhookReceiver(IntFunction<Answer> answers) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/hook",
        exchange -> {
          int n = count.incrementAndGet();
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          var h = exchange.getRequestHeaders();
          received.add(
              new Received(
                  n,
                  Instant.now(),
                  h.getFirst("OrderSync-Signature"),
                  h.getFirst("OrderSync-Event-Id"),
                  h.getFirst("Content-Type"),
                  body));
          Answer a = answers.apply(n);
          try {
            Thread.sleep(a.delay());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          try {
            exchange.sendResponseHeaders(a.status(), -1);
          } catch (IOException e) {
            // the sender gave up (its time-out): nothing to answer
          }
          exchange.close();
        });
    server.start();
  }

  public static WebhookReceiver answering(int status) {
    return new WebhookReceiver(n -> new Answer(status, Duration.ZERO));
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  /** Whether one of the header's {@code v1} values is the HMAC of the body under {@code secret}. */
  public static boolean signedWith(Received r, String secret) {
    if (r.signature() == null) {
      return false;
    }
    String t = null;
    List<String> v1 = new ArrayList<>();
    for (String part : r.signature().split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        continue;
      }
      if (kv[0].trim().equals("t")) {
        t = kv[1].trim();
      } else if (kv[0].trim().equals("v1")) {
        v1.add(kv[1].trim());
      }
    }
    if (t == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      byte[] expected = mac.doFinal(r.body());
      StringBuilder hex = new StringBuilder();
      for (byte b : expected) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      boolean any = false;
      for (String candidate : v1) {
        any |=
            MessageDigest.isEqual(
                hex.toString().getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
      }
      return any;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The number of {@code v1} entries of the signature. */
  public static long signatures(Received r) {
    return java.util.Arrays.stream(r.signature().split(","))
        .filter(p -> p.trim().startsWith("v1="))
        .count();
  }

  /** The signature's timestamp. */
  public static long timestamp(Received r) {
    for (String part : r.signature().split(",")) {
      if (part.trim().startsWith("t=")) {
        return Long.parseLong(part.trim().substring(2));
      }
    }
    throw new AssertionError("no t= in " + r.signature());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
