package dev.ordersync.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the Prometheus text a server's management listener serves. */
public final class Metrics {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Metrics() {}

  /** {@code GET /observe/metrics} on this management port, as Prometheus asks for it. */
  public static String scrape(int managementPort) {
    if (managementPort < 0) {
      throw new IllegalStateException("this server has no management listener");
    }
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics"))
                  .header("Accept", "text/plain")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("metrics answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The value of the first sample named {@code name} whose labels contain every {@code
   * label="value"} given (in any order), if there is one.
   */
  public static Optional<Double> value(String text, String name, String... labels) {
    Matcher m =
        Pattern.compile(
                "(?m)^"
                    + Pattern.quote(name)
                    // label values may hold braces: route="/api/v1/orders/{id}"
                    + "(\\{(?:[^}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*\\})? (\\S+)")
            .matcher(text);
    while (m.find()) {
      String set = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= set.contains(label);
      }
      if (all) {
        return Optional.of(Double.parseDouble(m.group(2)));
      }
    }
    return Optional.empty();
  }
}
