package dev.ordersync.core.memory;

import dev.ordersync.core.shared.DomainException;
import dev.ordersync.core.shared.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one lock shared by the in-memory adapters of a store, and their unit of work: every call and
 * every unit of work holds the lock, so the adapters are safe to share between threads, and a unit
 * that throws puts every adapter's data back as it was when the unit began.
 */
final class MemoryTransactions implements UnitOfWork {
  /** An adapter whose data a failed unit of work puts back. */
  interface Undoable {
    /** Remembers the adapter's data as it is now; running the result puts it back. */
    Runnable snapshot();
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final List<Undoable> adapters = new ArrayList<>();

  <A extends Undoable> A register(A adapter) {
    adapters.add(adapter);
    return adapter;
  }

  @Override
  public <T> T run(Supplier<T> work) {
    lock.lock();
    try {
      if (lock.getHoldCount() > 1) {
        return work.get();
      }
      List<Runnable> undo = adapters.stream().map(Undoable::snapshot).toList();
      try {
        return work.get();
      } catch (RuntimeException | Error e) {
        undo.forEach(Runnable::run);
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  <T> T locked(Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  void locked(Runnable write) {
    lock.lock();
    try {
      write.run();
    } finally {
      lock.unlock();
    }
  }

  /** The refusal every versioned adapter gives when the stored version has moved on. */
  static DomainException.Conflict stale(String what) {
    return new DomainException.Conflict(
        "version_conflict", "the " + what + " was changed meanwhile");
  }
}
