package dev.ordersync.server.webhooks;

import dev.ordersync.core.shared.DomainException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * Sends one signed delivery: a POST of the event's body with {@code OrderSync-Signature} and {@code
 * OrderSync-Event-Id}, bounded by a connect and a request time-out, never following a redirect (it
 * could lead into the private network). The answer's body is discarded.
 */
public final class WebhookSender {
  /** How a send ended: the status code (null when there was none) and what went wrong. */
  public record Result(Integer statusCode, String error) {
    public boolean delivered() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }

  private final HttpClient client;
  private final Duration requestTimeout;
  private final WebhookUrls urls;

  public WebhookSender(WebhookUrls urls, Duration connectTimeout, Duration requestTimeout) {
    this.urls = urls;
    this.requestTimeout = requestTimeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
  }

  /** Sends and waits for the answer, on the calling (virtual) thread; never throws. */
  public Result send(
      String url, UUID eventId, byte[] body, String secret, String previousSecret, long unixNow) {
    URI uri;
    try {
      uri = URI.create(url);
      urls.checkBeforeSend(uri);
    } catch (DomainException e) {
      return new Result(null, e.code());
    } catch (UnknownHostException e) {
      return new Result(null, "unknown_host");
    } catch (IllegalArgumentException e) {
      return new Result(null, "invalid_url");
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "OrderSync-Webhooks/1")
            .header(WebhookSignature.EVENT_ID_HEADER, eventId.toString())
            .header(
                WebhookSignature.HEADER,
                WebhookSignature.header(unixNow, body, secret, previousSecret))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      return new Result(response.statusCode(), null);
    } catch (HttpTimeoutException e) {
      return new Result(null, "timeout");
    } catch (IOException e) {
      return new Result(null, "connection_failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(null, "interrupted");
    }
  }

  /** Stops the client's connections. */
  public void close() {
    client.close();
  }
}
