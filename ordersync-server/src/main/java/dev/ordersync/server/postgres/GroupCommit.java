package dev.ordersync.server.postgres;

import dev.ordersync.core.shared.UnitOfWork;
import dev.ordersync.server.context.RequestContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Group commit (decision 0017): a unit of work whose {@link #runFor} writes concurrent units for
 * restaurants in one shared transaction, each under a savepoint of its own, and answers each caller
 * only after the COMMIT that holds its work. The wiring gives it to the use case that places
 * orders; {@link #run} (work for no restaurant in particular) is a transaction of its own.
 *
 * <p>Units are spread over lanes by restaurant. Each lane is one platform thread with one
 * transaction at a time: it takes the units queued for it, runs them one after another on its
 * connection (each bound as the unit of work while it runs, together with the context of the
 * request it came from, so the adapters and the audit trail see nothing unusual), and commits as
 * soon as its queue is empty or the batch is full. So the batch adapts to the load by itself: a
 * lone order commits at once and waits for no company; under load, the orders that arrive while the
 * lane runs or commits a batch make up the next one and share its COMMIT (one WAL flush instead of
 * many).
 *
 * <p>The lane is a platform thread rather than the callers' virtual threads because it makes
 * fifteen round trips to the database per order: on virtual threads every one of them waits its
 * turn for a carrier behind all the other requests, and the lane, which serializes its restaurants'
 * orders, would crawl under load.
 *
 * <p>A unit that fails is rolled back to its savepoint and its caller gets its own error at once;
 * its neighbours go on. If the COMMIT itself fails, every caller of the batch gets the failure:
 * nothing is acknowledged that is not durable. A lane runs its units one after another, so two
 * orders of a batch never wait on each other's rows and a batch never deadlocks with itself.
 */
public final class GroupCommit implements UnitOfWork {
  private static final long IDLE_MILLIS = 30_000;
  static final AttributeKey<Long> LANE = AttributeKey.longKey("ordersync.group_commit.lane");
  static final AttributeKey<Long> BATCH = AttributeKey.longKey("ordersync.group_commit.batch_size");

  private final JdbcTransactions tx;
  private final DataSource dataSource;
  private final Lane[] lanes;
  private final int maxBatch;
  private final Observer observer;

  /** What the lanes report, for the metrics: called on the lane's thread, so it must be quick. */
  public interface Observer {
    /** A unit waited this long in its lane's queue before it ran. */
    void waited(long nanos);

    /** A shared transaction committed with this many units. */
    void committed(int units);

    static Observer none() {
      return new Observer() {
        @Override
        public void waited(long nanos) {}

        @Override
        public void committed(int units) {}
      };
    }
  }

  public GroupCommit(JdbcTransactions tx, DataSource dataSource, int lanes, int maxBatch) {
    this(tx, dataSource, lanes, maxBatch, Observer.none());
  }

  public GroupCommit(
      JdbcTransactions tx, DataSource dataSource, int lanes, int maxBatch, Observer observer) {
    this.observer = observer;
    if (lanes < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("lanes and maxBatch must be at least 1");
    }
    this.tx = tx;
    this.dataSource = dataSource;
    this.lanes = new Lane[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new Lane(i);
    }
    this.maxBatch = maxBatch;
  }

  /**
   * One caller's work, with the context of the request it belongs to: the lane runs it under that
   * context, so the audit trail records the request's caller, not the lane (decision 22).
   */
  private static final class Unit<T> {
    final Supplier<T> work;
    final RequestContext request;
    final CompletableFuture<T> done = new CompletableFuture<>();
    final List<Runnable> afterCommit = new ArrayList<>();
    final long queuedAt = System.nanoTime();

    /** The unit's span (null untraced) and its wait for the lane, ended when the lane takes it. */
    final Span span;

    final Span waiting;
    T result;

    Unit(Supplier<T> work, RequestContext request, Span span, Span waiting) {
      this.work = work;
      this.request = request;
      this.span = span;
      this.waiting = waiting;
    }

    void run() {
      if (span == null) {
        result = request == null ? work.get() : request.call(work);
        return;
      }
      waiting.end();
      // The lane's thread runs the unit in the caller's trace: its statements are the unit's.
      try (Scope ignored = Context.root().with(span).makeCurrent()) {
        result = request == null ? work.get() : request.call(work);
      }
    }

    void complete(int batchSize) {
      if (span != null) {
        span.setAttribute(BATCH, (long) batchSize);
      }
      done.complete(result);
    }
  }

  @Override
  public <T> T run(Supplier<T> work) {
    return tx.run(work);
  }

  /**
   * Runs {@code work} in the open transaction of the lane of {@code restaurantId} and returns its
   * result once that transaction has committed. Inside a unit of work already open, it simply joins
   * it.
   */
  @Override
  public <T> T runFor(UUID restaurantId, Supplier<T> work) {
    if (tx.inTransaction()) {
      return work.get();
    }
    int hash = restaurantId == null ? 0 : restaurantId.hashCode();
    int lane = Math.floorMod(hash, lanes.length);
    if (!tx.tracing().on()) {
      return runOn(lane, new Unit<>(work, RequestContext.current().orElse(null), null, null));
    }
    Span span = tx.unitSpan("group_commit");
    span.setAttribute(LANE, (long) lane);
    Span waiting = null;
    try (Scope ignored = span.makeCurrent()) {
      waiting = tx.tracing().tracer().spanBuilder("group commit lane wait").startSpan();
      return runOn(lane, new Unit<>(work, RequestContext.current().orElse(null), span, waiting));
    } catch (RuntimeException | Error e) {
      JdbcTransactions.failed(span, e);
      throw e;
    } finally {
      if (waiting != null && waiting.isRecording()) {
        waiting.end(); // the unit never ran (its batch could not begin)
      }
      span.end();
    }
  }

  /**
   * Runs the unit in its lane; a unit chosen as the victim of a deadlock is run again, up to twice,
   * in a later batch. Within one instance a lane's restaurants are its own, but instances share
   * restaurants: two instances' batches may take the same restaurants' counter rows in opposite
   * orders (seen with three instances behind nginx, bench/scale-out.sh). PostgreSQL then fails one
   * unit; its savepoint is rolled back, nothing of it was kept, and its caller has no answer yet,
   * so running it again once the other batch has committed is safe. A unit still losing after its
   * third run is answered 503 with Retry-After: 1 (StorageException counts a deadlock as
   * transient), and the client resends it with its Idempotency-Key.
   */
  private <T> T runOn(int lane, Unit<T> unit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return runOnce(lane, unit);
      } catch (StorageException e) {
        if (attempt >= 3 || !deadlocked(e)) {
          throw e;
        }
        unit =
            new Unit<>(
                unit.work,
                unit.request,
                unit.span,
                unit.span == null
                    ? null
                    : tx.tracing().tracer().spanBuilder("group commit lane wait").startSpan());
      }
    }
  }

  private static boolean deadlocked(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && "40P01".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private <T> T runOnce(int lane, Unit<T> unit) {
    lanes[lane].submit(unit);
    T result;
    try {
      result = unit.done.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the commit", e);
    }
    unit.afterCommit.forEach(Runnable::run);
    return result;
  }

  private final class Lane implements Runnable {
    private final int number;
    private final LinkedBlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private boolean running;

    Lane(int number) {
      this.number = number;
    }

    /** Queues a unit, starting the lane's thread if it stopped after being idle. */
    void submit(Unit<?> unit) {
      queue.add(unit);
      synchronized (this) {
        if (!running) {
          running = true;
          Thread.ofPlatform().daemon().name("order-lane-" + number).start(this);
        }
      }
    }

    @Override
    public void run() {
      try {
        while (true) {
          Unit<?> first = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
          if (first == null) {
            synchronized (this) {
              if (queue.isEmpty()) {
                running = false;
                return;
              }
            }
            continue;
          }
          batch(first);
        }
      } catch (InterruptedException e) {
        synchronized (this) {
          running = false;
        }
        Thread.currentThread().interrupt();
      } catch (RuntimeException | Error e) {
        synchronized (this) {
          running = false;
        }
        throw e;
      }
    }

    /** One transaction: the first unit and whatever else is queued, up to maxBatch, then COMMIT. */
    private void batch(Unit<?> first) {
      Connection c;
      try {
        c = dataSource.getConnection();
        c.setAutoCommit(false);
      } catch (SQLException e) {
        first.done.completeExceptionally(JdbcTransactions.translate(e));
        return;
      }
      List<Unit<?>> kept = new ArrayList<>();
      List<JdbcTransactions.LastStep> lastSteps = new ArrayList<>();
      // A unit of this batch lost a deadlock: commit what is kept and take nothing more, so that
      // its caller's second attempt runs in the next transaction, not against the same locks.
      boolean deadlockVictim = false;
      SQLException broken = null;
      try {
        for (Unit<?> unit = first;
            unit != null;
            unit = kept.size() < maxBatch && !deadlockVictim ? queue.poll() : null) {
          broken = runOne(c, unit, kept, lastSteps);
          deadlockVictim |=
              unit.done.isCompletedExceptionally() && deadlocked(unit.done.exceptionNow());
          if (broken != null) {
            break;
          }
        }
        if (broken == null && !kept.isEmpty()) {
          broken = runLastSteps(c, lastSteps);
        }
        end(c, kept, broken);
      } catch (SQLException e) {
        JdbcTransactions.rollbackQuietly(c);
        StorageException failure =
            new StorageException("could not commit", JdbcTransactions.lostIfClosed(c, e));
        kept.forEach(u -> u.done.completeExceptionally(failure));
      } catch (RuntimeException | Error e) {
        // Never leave callers waiting: whatever went wrong, they are told.
        JdbcTransactions.rollbackQuietly(c);
        kept.forEach(u -> u.done.completeExceptionally(e));
        throw e;
      } finally {
        try {
          c.setAutoCommit(true);
          c.close();
        } catch (SQLException ignored) {
          // The pool discards a connection that fails here.
        }
      }
    }

    /**
     * Runs the kept units' last steps (outbox rows with their restaurants' feed positions, decision
     * 11) together just before the shared COMMIT, in restaurant-id order: the batch takes feed rows
     * only once it holds every other lock it needs, so a status change that holds a stock row and
     * waits for a feed row cannot deadlock with it. Returns the failure that breaks the whole batch
     * (nothing is acknowledged that is not durable), or null.
     */
    private SQLException runLastSteps(Connection c, List<JdbcTransactions.LastStep> lastSteps) {
      try {
        tx.within(
            new JdbcTransactions.Open(c, new ArrayList<>(), null),
            () -> {
              JdbcTransactions.LastStep.runAll(lastSteps);
              return null;
            });
        return null;
      } catch (RuntimeException e) {
        return brokenBy("a last step of the batch failed: " + e.getMessage(), e);
      }
    }

    /** Commits the kept units and answers their callers, or rolls all back if the batch broke. */
    private void end(Connection c, List<Unit<?>> kept, SQLException broken) throws SQLException {
      if (broken != null) {
        // The failure that broke the batch is what the callers are told, not the rollback's (which
        // fails too when the connection is gone).
        JdbcTransactions.rollbackQuietly(c);
        StorageException failure =
            new StorageException("the shared transaction broke; nothing of it was kept", broken);
        kept.forEach(u -> u.done.completeExceptionally(failure));
      } else if (kept.isEmpty()) {
        c.rollback();
      } else {
        c.commit();
        observer.committed(kept.size());
        kept.forEach(u -> u.complete(kept.size()));
      }
    }

    /**
     * Runs one unit in the shared transaction: under a savepoint unless it is the first (then a
     * failure rolls back the still empty transaction). A unit that fails is answered at once.
     * Returns the error that makes the whole transaction unusable, or null.
     */
    private SQLException runOne(
        Connection c, Unit<?> unit, List<Unit<?>> kept, List<JdbcTransactions.LastStep> lastSteps) {
      boolean first = kept.isEmpty();
      observer.waited(System.nanoTime() - unit.queuedAt);
      List<JdbcTransactions.LastStep> beforeCommit = new ArrayList<>();
      Savepoint savepoint = null;
      try {
        if (!first) {
          savepoint = c.setSavepoint();
        }
        tx.within(
            new JdbcTransactions.Open(c, unit.afterCommit, beforeCommit),
            () -> {
              unit.run();
              return null;
            });
        if (savepoint != null) {
          c.releaseSavepoint(savepoint);
        }
        kept.add(unit);
        lastSteps.addAll(beforeCommit);
        return null;
      } catch (Throwable e) {
        unit.afterCommit.clear();
        SQLException broken = null;
        try {
          if (savepoint != null) {
            c.rollback(savepoint);
          } else if (first) {
            c.rollback();
          } else {
            broken = e instanceof SQLException s ? s : brokenBy("no savepoint", e);
          }
        } catch (SQLException undo) {
          SQLException lost = JdbcTransactions.lostIfClosed(c, undo);
          broken = lost.getSQLState() == null ? brokenBy(lost.getMessage(), e) : lost;
        }
        unit.done.completeExceptionally(
            e instanceof SQLException s
                ? new StorageException(
                    "could not run a unit of work", JdbcTransactions.lostIfClosed(c, s))
                : e);
        return broken;
      }
    }
  }

  /**
   * The failure that broke a batch, keeping {@code cause} and its SQL state: a connection lost at
   * the last step is then still recognised as the database going away (503, resend), not as a bug
   * (500).
   */
  static SQLException brokenBy(String message, Throwable cause) {
    String state = null;
    for (Throwable t = cause;
        t != null && state == null;
        t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s) {
        state = s.getSQLState();
      }
    }
    return new SQLException(message, state, cause);
  }
}
