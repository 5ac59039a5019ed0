package dev.eddy.concurrent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * CallGroup runs calls on virtual threads of their own and lets one caller wait for them, in one
 * of three modes: every call must succeed ({@link Mode#ALL}: the first failure interrupts the
 * rest), every call ends however it ends ({@link Mode#SETTLED}), or one success is enough
 * ({@link Mode#FIRST}: it interrupts the rest).
 *
 * <p>Structured: {@link #await} returns only once every call has ended, including the ones it
 * interrupted, so no call outlives the method that started it. A call that ignores interrupts
 * holds the caller until it ends by itself.
 */
final class CallGroup<T> {
  enum Mode { ALL, SETTLED, FIRST }

  private static final ThreadFactory THREADS = Thread.ofVirtual().name("eddy-call-", 0).factory();

  private final Mode mode;
  private final List<? extends Callable<? extends T>> calls;
  private final Thread[] threads;
  private final Object[] values;
  private final Throwable[] failures;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int running;
  private boolean decided; // ALL: a call failed; FIRST: a call succeeded
  private int winner = -1;
  private Throwable firstFailure;

  CallGroup(Mode mode, List<? extends Callable<? extends T>> calls) {
    this.mode = mode;
    this.calls = calls;
    this.threads = new Thread[calls.size()];
    this.values = new Object[calls.size()];
    this.failures = new Throwable[calls.size()];
  }

  /** Starts every call; call once. */
  CallGroup<T> start() {
    running = calls.size();
    for (int i = 0; i < threads.length; i++) {
      int index = i;
      threads[i] = THREADS.newThread(() -> run(index));
    }
    for (Thread t : threads) {
      t.start();
    }
    return this;
  }

  private void run(int index) {
    Object value = null;
    Throwable failure = null;
    try {
      value = calls.get(index).call();
    } catch (Throwable t) {
      failure = t;
    }
    boolean cancelOthers = false;
    lock.lock();
    try {
      values[index] = value;
      failures[index] = failure;
      running--;
      if (failure != null && firstFailure == null) {
        firstFailure = failure;
      }
      if (!decided && mode == Mode.ALL && failure != null
          || !decided && mode == Mode.FIRST && failure == null) {
        decided = true;
        winner = index;
        cancelOthers = true;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (cancelOthers) {
      interruptAllBut(index);
    }
  }

  /**
   * Waits until the group's outcome is known and every call has ended. With a deadline
   * ({@code timeoutNanos >= 0}), interrupts the calls still running when it passes and throws
   * {@link TimeoutException}. An interrupt of the waiting thread interrupts the calls, waits for
   * them, and throws {@link InterruptedException}.
   */
  void await(long timeoutNanos, String timeoutMessage) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    lock.lock();
    try {
      while (!outcomeKnown()) {
        if (timeoutNanos < 0) {
          changed.await();
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          changed.awaitNanos(left);
        }
      }
    } catch (InterruptedException e) {
      lock.unlock();
      interruptAllBut(-1);
      awaitAllEnded();
      throw e;
    }
    boolean timedOut = !outcomeKnown();
    lock.unlock();
    if (timedOut || running() > 0) {
      interruptAllBut(-1);
      awaitAllEnded();
    }
    if (timedOut) {
      throw new TimeoutException(timeoutMessage);
    }
  }

  private boolean outcomeKnown() {
    return running == 0 || decided;
  }

  private int running() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for every call to end, keeping an interrupt for later rather than giving up. */
  private void awaitAllEnded() {
    boolean interrupted = false;
    lock.lock();
    try {
      while (running > 0) {
        try {
          changed.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      lock.unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void interruptAllBut(int index) {
    for (int i = 0; i < threads.length; i++) {
      if (i != index) {
        threads[i].interrupt();
      }
    }
  }

  // The getters below are read after await(), which saw running == 0 under the lock.

  /** ALL: the values in call order, or the first failure thrown as is. */
  List<T> values() throws Exception {
    if (firstFailure != null) {
      throw rethrow(firstFailure);
    }
    return Collections.unmodifiableList(Arrays.asList(cast(values)));
  }

  /** SETTLED: every call's outcome, in call order. */
  List<Outcome<T>> outcomes() {
    List<Outcome<T>> out = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      out.add(failures[i] == null ? new Outcome.Success<>(cast(values)[i]) : new Outcome.Failure<>(failures[i]));
    }
    return Collections.unmodifiableList(out);
  }

  /** FIRST: the winner's value, or the first failure with the others suppressed in it. */
  T winner() throws Exception {
    if (winner >= 0 && failures[winner] == null) {
      return cast(values)[winner];
    }
    for (Throwable f : failures) {
      if (f != null && f != firstFailure) {
        firstFailure.addSuppressed(f);
      }
    }
    throw rethrow(firstFailure);
  }

  @SuppressWarnings("unchecked")
  private T[] cast(Object[] array) {
    return (T[]) array;
  }

  /** Throws {@code t} as it is when it can be thrown from a {@code throws Exception} method. */
  static Exception rethrow(Throwable t) throws Exception {
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof Exception e) {
      throw e;
    }
    throw new ExecutionException(t);
  }
}
