package dev.eddy.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Inbox is the bounded queue between a connection's reader and a blocking consumer. A producer
 * either waits for room ({@link #put}) or is told to pause ({@link #offer}) and is resumed by the
 * take that makes room. Once finished, takes drain what is left, then throw.
 */
final class Inbox<T> {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<T> items = new ArrayDeque<>();
  private final int capacity;
  private final Runnable resume;
  private boolean paused;
  private String endReason;
  private Throwable endCause;

  /** An inbox of {@code capacity} items; {@code resume} runs after a take unpauses the producer. */
  Inbox(int capacity, Runnable resume) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.resume = resume;
  }

  /** Adds an item, waiting while the inbox is full. Returns false, dropping it, once finished. */
  boolean put(T item) throws InterruptedException {
    lock.lock();
    try {
      while (items.size() >= capacity && endReason == null) {
        notFull.await();
      }
      if (endReason != null) {
        return false;
      }
      items.add(item);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds an item without waiting. Returns whether the producer may go on; false means the inbox is
   * now full and the producer is paused until a take makes room and runs {@code resume}. A producer
   * that only offers after being allowed to never overfills it.
   */
  boolean offer(T item) {
    lock.lock();
    try {
      if (endReason != null) {
        return true;
      }
      items.add(item);
      notEmpty.signal();
      if (items.size() < capacity) {
        return true;
      }
      paused = true;
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next item, waiting up to {@code timeout}; null if none came in time. Once finished and
   * empty, throws {@link IllegalStateException} with the reason and cause given to {@link #finish}.
   */
  T take(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    T item;
    boolean resumeProducer = false;
    lock.lock();
    try {
      while (items.isEmpty()) {
        if (endReason != null) {
          throw new IllegalStateException(endReason, endCause);
        }
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      item = items.poll();
      notFull.signal();
      if (paused) {
        paused = false;
        resumeProducer = true;
      }
    } finally {
      lock.unlock();
    }
    if (resumeProducer) {
      resume.run();
    }
    return item;
  }

  /** Ends the inbox: no more items are added; waiting takes wake up. The first call wins. */
  void finish(String reason, Throwable cause) {
    lock.lock();
    try {
      if (endReason == null) {
        endReason = reason;
        endCause = cause;
      }
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
