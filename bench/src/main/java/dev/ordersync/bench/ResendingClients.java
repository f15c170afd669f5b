package dev.ordersync.bench;

import dev.ordersync.bench.AuthBench.Call;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Customers placing orders the way a careful client does: each makes one order at a time with an
 * Idempotency-Key and its secret, and while it gets no answer, a connection error, a 409 (the same
 * key still in flight) or any 5xx (503 expected; a 500 fails the run but is resent too), it sends
 * the very same request again (same key, secret and body) until the order is acknowledged (201).
 * What every client saw is tallied: the acknowledged orders (for the database check), errors by
 * kind, and per fault the time to the first acknowledgement after it.
 */
final class ResendingClients {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

  /** An acknowledged order: the request that made it (to replay) and the id it was given. */
  record Acked(HttpRequest request, String id) {}

  /** One fault: when it happened, when it ended, and what the clients saw after it. */
  static final class Fault {
    final long at = System.nanoTime();
    final AtomicLong firstAckAt = new AtomicLong();
    final LongAdder errors = new LongAdder();
    final LongAdder acksDuring = new LongAdder();
    volatile long endedAt;

    /** From the fault to the first acknowledgement of a request sent after it, in ms (-1: none). */
    long windowMs() {
      long first = firstAckAt.get();
      return first == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(first - at);
    }

    void over() {
      endedAt = System.nanoTime();
    }
  }

  private final OrderBench orders;
  private final int count;
  private final Duration giveUp;
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final LongAdder refused = new LongAdder();
  private final LongAdder unresolved = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private volatile Fault current;
  private volatile boolean stopping;

  ResendingClients(OrderBench orders, int count, Duration giveUp) {
    this.orders = orders;
    this.count = count;
    this.giveUp = giveUp;
  }

  void start() {
    for (int i = 0; i < count; i++) {
      threads.add(Thread.ofVirtual().name("resending-client-" + i).start(this::placeUntilStopped));
    }
  }

  /** Marks a fault now: errors and the next acknowledgement are counted against it. */
  Fault fault() {
    Fault f = new Fault();
    faults.add(f);
    current = f;
    return f;
  }

  /**
   * Each client finishes the order it is placing (until acknowledged, or it gives up), then stops.
   *
   * @return the clients still running after the give-up time and a minute more (should be none)
   */
  int stop() throws InterruptedException {
    stopping = true;
    long deadline = System.nanoTime() + giveUp.toNanos() + TimeUnit.MINUTES.toNanos(1);
    int stuck = 0;
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !t.join(Duration.ofNanos(left))) {
        stuck++;
      }
    }
    return stuck;
  }

  private void placeUntilStopped() {
    while (!stopping) {
      Call call = orders.newOrder();
      try {
        HttpResponse<String> r = untilAcknowledged(call.request());
        if (r != null) {
          call.completion().done(r);
          acked.add(new Acked(call.request(), id(r.body())));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Sends the request, and again while the outcome is unknown or retryable; null if refused. */
  private HttpResponse<String> untilAcknowledged(HttpRequest request) throws InterruptedException {
    long deadline = System.nanoTime() + giveUp.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r;
      long sentAt = System.nanoTime();
      try {
        r = orders.send(request);
      } catch (HttpTimeoutException e) {
        error("timeout (no answer in " + AuthBench.REQUEST_TIMEOUT.toSeconds() + " s)");
        continue;
      } catch (IOException e) {
        error("I/O " + e.getClass().getSimpleName());
        pause();
        continue;
      }
      int status = r.statusCode();
      if (status == 201) {
        if (r.headers().firstValue("Idempotent-Replayed").orElse("").equals("true")) {
          replayed.increment(); // it had committed, but its first answer was lost to the fault
        }
        acknowledged(sentAt);
        return r;
      }
      Matcher code = CODE.matcher(r.body());
      error(status + (code.find() ? " " + code.group(1) : ""));
      if (status >= 500 && status != 503) {
        serverErrors.increment();
      }
      if (status != 409 && status < 500) {
        refused.increment(); // the order as sent will never be taken: a client bug or a server one
        return null;
      }
      pause();
    }
    unresolved.increment();
    return null;
  }

  /**
   * Counts an acknowledgement against the current fault; only a request sent after the fault ends
   * its window (an answer already on its way when the fault struck says nothing of recovery).
   */
  private void acknowledged(long sentAt) {
    Fault f = current;
    if (f != null) {
      if (sentAt > f.at) {
        f.firstAckAt.compareAndSet(0, System.nanoTime());
      }
      if (f.endedAt == 0) {
        f.acksDuring.increment();
      }
    }
  }

  private void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    Fault f = current;
    if (f != null) {
      f.errors.increment();
    }
  }

  /**
   * 100 to 300 ms between resends: what a client that retries promptly, not in a tight loop, does.
   */
  private static void pause() throws InterruptedException {
    Thread.sleep(100 + ThreadLocalRandom.current().nextInt(200));
  }

  private static String id(String body) {
    Matcher m = ID.matcher(body);
    return m.find() ? m.group(1) : "";
  }

  /**
   * Sends up to {@code sample} acknowledged requests once more, unchanged: each must replay its own
   * order (201, same id). Returns {checked, mismatched}.
   */
  long[] replayCheck(int sample) throws InterruptedException {
    List<Acked> all = new ArrayList<>(acked);
    java.util.Collections.shuffle(all);
    long checked = 0;
    long mismatched = 0;
    for (Acked a : all.subList(0, Math.min(sample, all.size()))) {
      HttpResponse<String> r = null;
      for (int attempt = 0; attempt < 20 && (r == null || r.statusCode() == 503); attempt++) {
        try {
          r = orders.send(a.request());
        } catch (IOException e) {
          pause();
        }
      }
      checked++;
      if (r == null || r.statusCode() != 201 || !id(r.body()).equals(a.id())) {
        mismatched++;
      }
    }
    return new long[] {checked, mismatched};
  }

  List<Acked> acked() {
    return List.copyOf(acked);
  }

  List<Fault> faults() {
    return List.copyOf(faults);
  }

  Map<String, Long> errors() {
    Map<String, Long> m = new TreeMap<>();
    errors.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  long refused() {
    return refused.sum();
  }

  long unresolved() {
    return unresolved.sum();
  }

  /** Acknowledgements that were replays: orders whose first answer never reached the client. */
  long replayed() {
    return replayed.sum();
  }

  long serverErrors() {
    return serverErrors.sum();
  }
}
