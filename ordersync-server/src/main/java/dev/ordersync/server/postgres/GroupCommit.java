package dev.ordersync.server.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Group commit (decision 0017): concurrent units of work are written in one shared transaction, each under a savepoint
 * of its own, and each caller is answered only after the COMMIT that holds its work.
 *
 * <p>Units are spread over lanes by a key (the restaurant), one open transaction per lane. A caller takes its lane's
 * lock, runs its work on the lane's open transaction (the connection bound to its own thread, so the adapters, the
 * audit trail and the request context see nothing unusual), and lets go. It then closes the batch and commits it
 * unless others are queued to join and the lane's previous COMMIT is still in flight (or the batch is full); the
 * others wait for the commit that holds their work. So the batch adapts to the load by itself: a lone order commits
 * at once and waits for no company; under load, the orders that arrive while a COMMIT is flushing the WAL gather in
 * the next batch and share its COMMIT (one WAL flush instead of many), which goes as soon as the previous one is done.
 *
 * <p>A unit that fails is rolled back to its savepoint and its caller gets its own error at once; its neighbours go
 * on. If the COMMIT itself fails, every caller of the batch gets the failure: nothing is acknowledged that is not
 * durable. One lane runs its units one after another, so two units of a lane never wait on each other's row locks;
 * a lane's new batch may wait on rows the lane's committing batch still holds, which is what serializes one
 * restaurant's order numbers and stock, exactly as before.
 */
public final class GroupCommit {
  private final JdbcTransactions tx;
  private final DataSource dataSource;
  private final Lane[] lanes;
  private final int maxBatch;

  public GroupCommit(JdbcTransactions tx, DataSource dataSource, int lanes, int maxBatch) {
    if (lanes < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("lanes and maxBatch must be at least 1");
    }
    this.tx = tx;
    this.dataSource = dataSource;
    this.lanes = new Lane[lanes];
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new Lane();
    }
    this.maxBatch = maxBatch;
  }

  private static final class Lane {
    final ReentrantLock lock = new ReentrantLock();
    final java.util.concurrent.atomic.AtomicInteger committing = new java.util.concurrent.atomic.AtomicInteger();
    Batch open;
  }

  private static final class Batch {
    final Connection connection;
    final CompletableFuture<Void> committed = new CompletableFuture<>();
    int units;
    int savepoints;
    boolean broken;
    SQLException cause;

    Batch(Connection connection) {
      this.connection = connection;
    }
  }

  /**
   * Runs {@code work} in the open transaction of the lane of {@code key} and returns its result once that transaction
   * has committed. Inside a unit of work already open on this thread, it simply joins it.
   */
  public <T> T run(Object key, Supplier<T> work) {
    if (tx.inTransaction()) {
      return work.get();
    }
    Lane lane = lanes[Math.floorMod(key == null ? 0 : key.hashCode(), lanes.length)];
    Batch batch;
    T result = null;
    RuntimeException failure = null;
    Error error = null;
    List<Runnable> afterCommit = new ArrayList<>();
    List<Runnable> beforeCommit = new ArrayList<>();
    boolean commitNow;
    lane.lock.lock();
    try {
      batch = lane.open;
      if (batch == null) {
        batch = begin();
        lane.open = batch;
      }
      Savepoint savepoint = null;
      tx.bind(batch.connection, afterCommit, beforeCommit);
      try {
        // The first unit of a batch needs no savepoint: if it fails, nothing else is in the transaction yet.
        savepoint = batch.units == 0 ? null : savepoint(batch);
        result = work.get();
        // The unit's last steps (the outbox row with its feed position, decision 11) run at the end of the unit, inside
        // its savepoint: one that fails fails its own unit only. The lane runs its units in turn, so one restaurant's
        // feed positions are still taken in commit order, and the feed row stays locked until the shared COMMIT.
        for (int i = 0; i < beforeCommit.size(); i++) {
          beforeCommit.get(i).run();
        }
        if (savepoint != null) {
          batch.connection.releaseSavepoint(savepoint);
        }
        batch.units++;
      } catch (RuntimeException e) {
        failure = e;
      } catch (Error e) {
        error = e;
      } catch (SQLException e) {
        failure = new StorageException("could not release a savepoint", e);
      } finally {
        tx.unbind();
      }
      if ((failure != null || error != null) && !batch.broken) {
        afterCommit.clear();
        undo(batch, savepoint);
      }
      // Commit now unless someone is waiting to join AND the lane's previous batch is still committing: while a
      // COMMIT is in flight, the next batch gathers everyone who arrives, and goes as soon as that COMMIT is done.
      commitNow =
          batch.broken
              || batch.units >= maxBatch
              || !lane.lock.hasQueuedThreads()
              || lane.committing.get() == 0;
      if (commitNow) {
        lane.open = null;
        lane.committing.incrementAndGet();
      }
    } finally {
      lane.lock.unlock();
    }
    if (commitNow) {
      try {
        finish(batch);
      } finally {
        lane.committing.decrementAndGet();
      }
    }
    if (error != null) {
      throw error;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      batch.committed.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the commit", e);
    }
    afterCommit.forEach(Runnable::run);
    return result;
  }

  private Batch begin() {
    try {
      Connection c = dataSource.getConnection();
      c.setAutoCommit(false);
      return new Batch(c);
    } catch (SQLException e) {
      throw JdbcTransactions.translate(e);
    }
  }

  private static Savepoint savepoint(Batch batch) {
    try {
      return batch.connection.setSavepoint("u" + (batch.savepoints++));
    } catch (SQLException e) {
      batch.broken = true;
      batch.cause = e;
      throw new StorageException("could not set a savepoint", e);
    }
  }

  /** Undoes a failed unit: back to its savepoint, or the whole (so far empty) transaction for the first unit. */
  private static void undo(Batch batch, Savepoint savepoint) {
    try {
      if (savepoint == null) {
        batch.connection.rollback();
      } else {
        batch.connection.rollback(savepoint);
      }
    } catch (SQLException e) {
      batch.broken = true;
      batch.cause = e;
    }
  }

  private static void finish(Batch batch) {
    Connection c = batch.connection;
    try {
      if (batch.broken) {
        c.rollback();
        batch.committed.completeExceptionally(
            new StorageException("the shared transaction broke; nothing of it was kept", batch.cause));
      } else if (batch.units == 0) {
        c.rollback();
        batch.committed.complete(null);
      } else {
        c.commit();
        batch.committed.complete(null);
      }
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // The connection is broken; the server rolls back when it notices.
      }
      batch.committed.completeExceptionally(new StorageException("could not commit", e));
    } catch (RuntimeException | Error e) {
      // Never leave the batch's callers waiting: whatever went wrong, they are told.
      batch.committed.completeExceptionally(e);
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
}
