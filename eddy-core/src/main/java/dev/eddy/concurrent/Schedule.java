package dev.eddy.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedule is a {@link Scheduled} run by one virtual thread that sleeps until each run is due,
 * so runs never overlap and cancelling is an interrupt. A sleeping virtual thread holds no
 * carrier thread, only a timer entry and its small stack.
 */
final class Schedule implements Scheduled {
  private static final Logger log = LoggerFactory.getLogger(Calls.class);
  private static final ThreadFactory THREADS = Thread.ofVirtual().name("eddy-schedule-", 0).factory();

  private final long delayNanos;
  private final long periodNanos; // 0: run once
  private final Calls.Action action;
  private final AtomicBoolean over = new AtomicBoolean();
  private final AtomicLong runs = new AtomicLong();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile boolean cancelled;
  private Thread thread;

  private Schedule(long delayNanos, long periodNanos, Calls.Action action) {
    this.delayNanos = delayNanos;
    this.periodNanos = periodNanos;
    this.action = action;
  }

  static Schedule start(long delayNanos, long periodNanos, Calls.Action action) {
    Schedule s = new Schedule(delayNanos, periodNanos, action);
    s.thread = THREADS.newThread(s::loop);
    s.thread.start();
    return s;
  }

  private void loop() {
    long due = System.nanoTime() + delayNanos;
    try {
      for (;;) {
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (cancelled) {
          break;
        }
        try {
          action.run();
        } finally {
          runs.incrementAndGet();
        }
        if (periodNanos == 0 || cancelled) {
          break;
        }
        due += periodNanos;
        long now = System.nanoTime();
        if (now - due > 0) { // overran: skip to the next slot that is not yet past
          due += ((now - due) / periodNanos) * periodNanos;
        }
      }
      finish(null);
    } catch (Throwable t) {
      if (cancelled) {
        finish(null); // what the cancelling interrupt made the run throw
      } else {
        log.warn("Scheduled action {} failed; its schedule ends", action, t);
        finish(t);
      }
    }
  }

  private void finish(Throwable failure) {
    over.set(true);
    if (failure == null) {
      done.complete(null);
    } else {
      done.completeExceptionally(failure);
    }
  }

  @Override
  public boolean cancel() {
    if (over.get() || cancelled) {
      return false;
    }
    synchronized (this) {
      if (cancelled) {
        return false;
      }
      cancelled = true;
    }
    if (over.get()) {
      return false;
    }
    thread.interrupt();
    return true;
  }

  @Override
  public boolean isDone() {
    return over.get() || cancelled;
  }

  @Override
  public long runs() {
    return runs.get();
  }

  @Override
  public CompletionStage<Void> whenDone() {
    return done.minimalCompletionStage();
  }

  @Override
  public String toString() {
    return "Scheduled(" + (periodNanos == 0 ? "once" : "every " + periodNanos + " ns") + ", runs "
        + runs.get() + (isDone() ? ", done)" : ")");
  }
}
