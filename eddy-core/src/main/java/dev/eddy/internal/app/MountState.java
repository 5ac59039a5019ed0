package dev.eddy.internal.app;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * MountState is the run-time state of one mount, shared by the public {@code Mount} handle and the
 * request path: whether it is in maintenance, and how many requests are inside it. Thread-safe:
 * maintenance is one volatile reference, read once per request when its route is chosen.
 */
public final class MountState {
  /** Maintenance is what a mount in maintenance answers: 503, this Retry-After and this message. */
  public record Maintenance(Duration retryAfter, String message) {
    public Maintenance {
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(message, "message");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
      }
    }
  }

  private final String prefix;
  private volatile Maintenance maintenance;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();

  public MountState(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** The maintenance in force, or null while the mount serves. */
  public Maintenance maintenance() {
    return maintenance;
  }

  /** Starts (non-null) or ends (null) maintenance. */
  public void maintenance(Maintenance m) {
    maintenance = m;
  }

  public int inFlight() {
    return inFlight.get();
  }

  void enter() {
    inFlight.incrementAndGet();
  }

  void exit() {
    if (inFlight.decrementAndGet() == 0) {
      lock.lock();
      try {
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits until no request is inside the mount; false if {@code timeout} passed first. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        idle.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
