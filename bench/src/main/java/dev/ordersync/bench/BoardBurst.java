package dev.ordersync.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many restaurant boards read at once, back to back, each read holding one of the server's database
 * connections: more readers than the pool has connections exhausts it, and the fault suite sees
 * what the orders placed meanwhile get. Answers are tallied by status ("I/O" and "timeout" when
 * there was none).
 */
final class BoardBurst implements AutoCloseable {
  private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
  private final List<Thread> readers = new ArrayList<>();
  private volatile boolean stopping;

  BoardBurst(OrderBench orders, int count) {
    for (int i = 0; i < count; i++) {
      readers.add(Thread.ofVirtual().start(() -> readUntilStopped(orders)));
    }
  }

  private void readUntilStopped(OrderBench orders) {
    while (!stopping) {
      String kind;
      try {
        HttpResponse<String> r = orders.send(orders.list().request());
        kind = Integer.toString(r.statusCode());
      } catch (HttpTimeoutException e) {
        kind = "timeout";
      } catch (IOException e) {
        kind = "I/O";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      answers.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }
  }

  Map<String, Long> answers() {
    Map<String, Long> m = new TreeMap<>();
    answers.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  /** 5xx answers other than 503. */
  long serverErrors() {
    return answers().entrySet().stream()
        .filter(e -> e.getKey().startsWith("5") && !e.getKey().equals("503"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    for (Thread t : readers) {
      t.join();
    }
  }
}
