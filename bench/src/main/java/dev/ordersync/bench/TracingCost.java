package dev.ordersync.bench;

import dev.ordersync.server.observe.TracedDataSource;
import dev.ordersync.server.observe.Tracing;
import dev.ordersync.server.postgres.GroupCommit;
import dev.ordersync.server.postgres.JdbcTransactions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What tracing costs one order in CPU, apart from everything else the order costs (decision 41):
 * the server's own instrumentation (a server span, the group-commit unit of work and its lane wait,
 * 15 statements and a COMMIT through {@link TracedDataSource}, the live event's traceparent and one
 * socket delivery span with its link), driven through the real {@link GroupCommit} and {@link
 * JdbcTransactions} on a data source whose statements do nothing, so that only the tracing differs
 * between the modes: off, every trace sampled, and 10% sampled, exported in batches over OTLP/HTTP
 * (to {@code --otlp URL}, a stand-in collector) or to an exporter that drops them.
 *
 * <p>The batch processor's queue is made large enough that no span is dropped (a server at its
 * capacity makes spans at a twentieth of this loop's rate, where the default queue suffices).
 *
 * <p>It measures the process's CPU time per simulated order (all threads: the caller, the lane, the
 * batch exporter, the GC), which waiting for a CPU does not inflate, so it holds on a busy machine
 * where throughput figures do not. Modes are interleaved over rounds.
 *
 * <pre>
 * java -cp bench/target/ordersync-bench.jar:ordersync-server/target/ordersync-server.jar:'ordersync-server/target/libs/*' \
 *   dev.ordersync.bench.TracingCost [--orders 20000] [--rounds 5] [--otlp http://127.0.0.1:4318]
 * </pre>
 */
public final class TracingCost {
  private static final int STATEMENTS = 15;

  private TracingCost() {}

  public static void main(String[] args) throws Exception {
    int orders = intOption(args, "--orders", 20_000);
    int rounds = intOption(args, "--rounds", 5);
    String otlp = option(args, "--otlp", null);
    String[] modes = {"off", "always", "10pct"};
    double[][] cpuMicros = new double[modes.length][rounds];
    // Warm-up: every mode once, unmeasured.
    for (String mode : modes) {
      run(mode, orders, otlp);
    }
    for (int r = 0; r < rounds; r++) {
      for (int m = 0; m < modes.length; m++) {
        cpuMicros[m][r] = run(modes[m], orders, otlp);
        System.out.printf(
            Locale.ROOT,
            "round %d %-6s %.1f us of CPU per order%n",
            r + 1,
            modes[m],
            cpuMicros[m][r]);
      }
    }
    System.out.println();
    System.out.println(
        "| mode | CPU per order, median of "
            + rounds
            + " rounds (us) | min | max | more than off (us) |");
    System.out.println("|---|---|---|---|---|");
    double off = median(cpuMicros[0]);
    for (int m = 0; m < modes.length; m++) {
      double med = median(cpuMicros[m]);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f | %.1f | %.1f | %s |%n",
          modes[m],
          med,
          min(cpuMicros[m]),
          max(cpuMicros[m]),
          m == 0 ? "-" : String.format(Locale.ROOT, "%.1f", med - off));
    }
  }

  /**
   * Places {@code orders} simulated orders in one mode; the process's CPU microseconds per order.
   */
  static double run(String mode, int orders, String otlp) throws Exception {
    OpenTelemetrySdk sdk = null;
    Tracing tracing = Tracing.off();
    if (!mode.equals("off")) {
      SpanExporter exporter =
          otlp == null
              ? new Dropping()
              : OtlpHttpSpanExporter.builder().setEndpoint(otlp + "/v1/traces").build();
      sdk =
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .setSampler(
                          mode.equals("always")
                              ? Sampler.parentBased(Sampler.alwaysOn())
                              : Sampler.parentBased(Sampler.traceIdRatioBased(0.1)))
                      // A queue that never fills: this loop makes spans far faster than a server
                      // does,
                      // and a dropped span would be a span not paid for.
                      .addSpanProcessor(
                          BatchSpanProcessor.builder(exporter).setMaxQueueSize(4_000_000).build())
                      .build())
              .build();
      tracing = Tracing.of(sdk);
    }
    DataSource pool = TracedDataSource.wrap(nothingDataSource(), tracing);
    JdbcTransactions tx = new JdbcTransactions(pool, tracing);
    GroupCommit lanes = new GroupCommit(tx, pool, 4, 64);
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    for (int i = 0; i < orders; i++) {
      order(tracing, tx, lanes, UUID.randomUUID());
    }
    if (sdk != null) {
      sdk.getSdkTracerProvider().forceFlush().join(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    long cpu = os.getProcessCpuTime() - cpu0;
    if (sdk != null) {
      sdk.close();
    }
    return cpu / 1000.0 / orders;
  }

  /** One order as the traced server handles it, less the work itself. */
  static void order(Tracing tracing, JdbcTransactions tx, GroupCommit lanes, UUID restaurant) {
    Span request =
        tracing
            .tracer()
            .spanBuilder("POST")
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", "POST")
            .startSpan();
    String trace;
    try (Scope ignored = request.makeCurrent()) {
      trace =
          lanes.runFor(
              restaurant,
              () -> {
                tx.withConnection(
                    c -> {
                      for (int s = 0; s < STATEMENTS; s++) {
                        try (PreparedStatement ps =
                            c.prepareStatement(
                                "INSERT INTO order_lines (order_id, position) VALUES (?, ?)")) {
                          ps.setObject(1, restaurant);
                          ps.executeUpdate();
                        }
                      }
                      return null;
                    });
                return tracing.traceparent();
              });
    } finally {
      request.updateName("POST /api/v1/orders");
      request.setAttribute("http.route", "/api/v1/orders");
      request.setAttribute(AttributeKey.longKey("http.response.status_code"), 201L);
      request.end();
    }
    if (tracing.on()) {
      var delivery =
          tracing
              .tracer()
              .spanBuilder("live deliver")
              .setNoParent()
              .setSpanKind(SpanKind.PRODUCER)
              .setAttribute("ordersync.live.stream", "feed")
              .setAttribute("ordersync.event.type", "order.created");
      var change = Tracing.spanContext(trace);
      if (change.isValid()) {
        delivery.addLink(change);
      }
      delivery.startSpan().end();
    }
  }

  /** A data source whose connections and statements do nothing and answer nothing. */
  static DataSource nothingDataSource() {
    ResultSet rs = stub(ResultSet.class);
    PreparedStatement ps = stub(PreparedStatement.class, rs);
    Connection c = stub(Connection.class, ps);
    return stub(DataSource.class, c);
  }

  @SuppressWarnings("unchecked")
  private static <T> T stub(Class<T> type, Object... answers) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) -> {
              for (Object a : answers) {
                if (method.getReturnType().isInstance(a)) {
                  return a;
                }
              }
              Class<?> r = method.getReturnType();
              if (r == boolean.class) {
                return false;
              }
              if (r == int.class) {
                return 0;
              }
              if (r == long.class) {
                return 0L;
              }
              if (r == int[].class) {
                return new int[0];
              }
              if (method.getName().equals("hashCode")) {
                return System.identityHashCode(p);
              }
              if (method.getName().equals("equals")) {
                return p == args[0];
              }
              return null;
            });
  }

  private static final class Dropping implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private static int intOption(String[] args, String name, int fallback) {
    String v = option(args, name, null);
    return v == null ? fallback : Integer.parseInt(v);
  }

  private static double median(double[] v) {
    List<Double> sorted = new ArrayList<>();
    for (double d : v) {
      sorted.add(d);
    }
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(double[] v) {
    double m = Double.MAX_VALUE;
    for (double d : v) {
      m = Math.min(m, d);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = 0;
    for (double d : v) {
      m = Math.max(m, d);
    }
    return m;
  }
}
