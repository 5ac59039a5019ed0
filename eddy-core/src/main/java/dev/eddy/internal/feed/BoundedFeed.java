package dev.eddy.internal.feed;

import dev.eddy.hub.Overflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * BoundedFeed is one reader's end of a stream that a single owner (a Hub channel, a task's record)
 * fills: first a replay handed over at registration, then live items in a bounded queue. Without a
 * callback the reader takes items with {@link #next()}, {@link #poll} or for-each; with one, the
 * feed pushes them to it on a thread of its own. Subclasses adapt it to a public interface
 * ({@code Subscription}, {@code TaskWatch}): they name the end reasons, the exception a reader gets
 * once it has ended, and what leaving the owner means.
 *
 * <p><b>Bounds</b>: at most {@code capacity} live items wait (the replay is not counted: it is
 * already in memory). An item offered to a full queue never blocks the owner: under
 * {@link Overflow#DROP_OLDEST} the oldest queued item goes and {@link #dropped()} counts it; under
 * {@link Overflow#DISCONNECT} the feed ends with {@link Ends#tooSlow}. Two hooks shape the queue:
 * {@link #replaces} lets a new item take the place of the queued tail before the bound applies, and
 * {@link #endAfter} marks a last item, which is queued even into a full queue and ends the feed
 * once taken.
 *
 * <p><b>Ending</b>: the feed ends once, with a reason: {@link #close()}, overflow, the callback
 * throwing ({@link #callbackFailed} logs it), the owner's {@link #end(Object)}, or taking the last
 * item. Items still queued are discarded, a waiting {@link #next()} or {@link #poll} throws
 * {@link #endedException} at once, and {@link #whenEnded()} completes on a feed thread, never the
 * ending one, after the last callback has returned (a reader that takes the last item completes it
 * itself).
 *
 * <p><b>Threads</b>: every method is safe from any thread; one lock guards the state, and callbacks,
 * {@link #leaveOwner()} and {@link #whenEnded()}'s dependents run outside it. In callback mode a
 * delivery thread runs only while something is waiting: the first item offered to an idle feed
 * starts one, and it exits when the queue is empty. {@code delivering} stays true from its start to
 * its exit, so callbacks never overlap, and closing from inside a callback lets that callback
 * return, starts no other, and completes {@link #whenEnded()} on the same thread. Ending also starts
 * a thread (unless one is running) to complete {@link #whenEnded()}; that one exits at once.
 *
 * <p>Lock order: the owner's monitor, then this feed's lock; never the other way round.
 *
 * @param <T> the items
 * @param <E> the end reasons (an enum of the public interface)
 */
public abstract class BoundedFeed<T, E> implements Iterable<T>, AutoCloseable {

  /** The reasons the feed ends with by itself: closed, overflow under DISCONNECT, callback threw. */
  public record Ends<E>(E closed, E tooSlow, E failed) {}

  private final String label;
  private final int capacity;
  private final Overflow overflow;
  private final Ends<E> ends;
  private final Consumer<? super T> callback; // null: read with next(), poll(), iterator()
  private final ThreadFactory threads;
  private final CompletableFuture<E> ended = new CompletableFuture<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private T[] replay; // delivered before the queue; null once done
  private int replayed;
  private long dropped;
  private E end;
  private boolean delivering;

  /**
   * A feed that delivers {@code replay} first, then what is offered; {@code label} names it in
   * error messages ("subscription to 'chat'"); {@code callback} null makes it a reader's feed.
   */
  protected BoundedFeed(String label, int capacity, Overflow overflow, Ends<E> ends, T[] replay,
      Consumer<? super T> callback, ThreadFactory threads) {
    this.label = label;
    this.capacity = capacity;
    this.overflow = overflow;
    this.ends = ends;
    this.replay = replay.length == 0 ? null : replay;
    this.callback = callback;
    this.threads = threads;
  }

  /** The exception {@link #next()} and {@link #poll} throw once the feed has ended. */
  protected abstract RuntimeException endedException(E reason);

  /** Reports a callback that threw (the feed then ends with {@link Ends#failed}). */
  protected abstract void callbackFailed(T item, Throwable t);

  /** Takes the feed out of its owner; called, with no lock held, when it ended by itself. */
  protected abstract void leaveOwner();

  /** The reason the feed ends with once {@code item} is taken, or null if more may follow. */
  protected E endAfter(T item) {
    return null;
  }

  /** Whether {@code item} makes {@code queuedTail} redundant, so it takes its place. */
  protected boolean replaces(T item, T queuedTail) {
    return false;
  }

  /** Starts delivering the replay in callback mode; the owner calls it on registering. */
  public void start() {
    lock.lock();
    try {
      if (callback != null && replay != null) {
        deliverLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues a live item; the owner calls it under its monitor. False once the feed takes nothing
   * more (it has ended, now or before, or this was its last item) and should leave the owner.
   */
  public boolean offer(T item) {
    lock.lock();
    try {
      if (end != null) {
        return false;
      }
      boolean last = endAfter(item) != null;
      T tail = queue.peekLast();
      if (tail != null && replaces(item, tail)) {
        queue.pollLast();
      } else if (queue.size() >= capacity && !last) {
        if (overflow == Overflow.DISCONNECT) {
          endLocked(ends.tooSlow());
          return false;
        }
        queue.pollFirst();
        dropped++;
      }
      queue.addLast(item);
      if (callback == null) {
        arrived.signal();
      } else {
        deliverLocked();
      }
      return !last;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the feed unless it has ended already; true if this call ended it. */
  public boolean end(E reason) {
    lock.lock();
    try {
      return endLocked(reason);
    } finally {
      lock.unlock();
    }
  }

  private boolean endLocked(E reason) {
    if (end != null) {
      return false;
    }
    end = reason;
    queue.clear();
    replay = null;
    arrived.signalAll();
    deliverLocked(); // completes whenEnded() off this thread
    return true;
  }

  private void deliverLocked() {
    if (!delivering) {
      delivering = true;
      threads.newThread(this::deliver).start();
    }
  }

  /** The delivery thread: callbacks in order while items are waiting, then the end, if any. */
  private void deliver() {
    for (;;) {
      T item = null;
      E reason;
      lock.lock();
      try {
        reason = end;
        if (reason == null) {
          item = takeLocked();
          if (item == null) {
            delivering = false;
            return;
          }
        }
      } finally {
        lock.unlock();
      }
      if (reason != null) {
        ended.complete(reason); // delivering stays true: no thread starts after this one
        return;
      }
      try {
        callback.accept(item);
      } catch (Throwable t) {
        callbackFailed(item, t);
        if (end(ends.failed())) {
          leaveOwner();
        }
      }
    }
  }

  /** The next item, replay first; null if none waits. Taking a last item ends the feed. */
  private T takeLocked() {
    T item;
    if (replay != null) {
      item = replay[replayed];
      replay[replayed++] = null;
      if (replayed == replay.length) {
        replay = null;
      }
    } else {
      item = queue.pollFirst();
    }
    E last = item == null ? null : endAfter(item);
    if (last != null) {
      end = last;
      queue.clear();
      replay = null;
      arrived.signalAll();
      if (callback == null) {
        ended.complete(last); // in callback mode the delivery thread does, after this callback
      }
    }
    return item;
  }

  /** The next item, waiting as long as it takes; throws {@link #endedException} once ended. */
  public T next() throws InterruptedException {
    requireReader();
    T item = awaitNext();
    if (item == null) {
      throw endedException(end().orElseThrow());
    }
    return item;
  }

  /** The next item, waiting as long as it takes; null once the feed has ended. */
  private T awaitNext() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      for (;;) {
        if (end != null) {
          return null;
        }
        T item = takeLocked();
        if (item != null) {
          return item;
        }
        arrived.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The next item, waiting at most {@code timeout}; null if none came in time. */
  public T poll(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    requireReader();
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE;
    }
    lock.lockInterruptibly();
    try {
      for (;;) {
        if (end != null) {
          throw endedException(end);
        }
        T item = takeLocked();
        if (item != null) {
          return item;
        }
        if (nanos <= 0) {
          return null;
        }
        nanos = arrived.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Items as {@link #next()} returns them; {@code hasNext()} is false once ended or interrupted. */
  @Override
  public Iterator<T> iterator() {
    requireReader();
    return new Iterator<>() {
      private T ahead;

      @Override
      public boolean hasNext() {
        if (ahead != null) {
          return true;
        }
        try {
          ahead = awaitNext();
          return ahead != null;
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException(label + " has ended");
        }
        T item = ahead;
        ahead = null;
        return item;
      }
    };
  }

  private void requireReader() {
    if (callback != null) {
      throw new IllegalStateException(label + " delivers to its callback; it can't be read");
    }
  }

  /** What a full queue does to this feed. */
  public Overflow overflow() {
    return overflow;
  }

  /** How many items {@link Overflow#DROP_OLDEST} discarded so far. */
  public long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /** Why the feed ended; empty while it is open. */
  public Optional<E> end() {
    lock.lock();
    try {
      return Optional.ofNullable(end);
    } finally {
      lock.unlock();
    }
  }

  /** Completes with the reason once the feed has ended (see the class comment for the thread). */
  public CompletionStage<E> whenEnded() {
    return ended.minimalCompletionStage();
  }

  /** Ends the feed with {@link Ends#closed} unless it has ended; idempotent, safe from any thread. */
  @Override
  public void close() {
    if (end(ends.closed())) {
      leaveOwner();
    }
  }

  /** For toString: "open, queued 3/16, DROP_OLDEST, dropped 0". */
  protected String state() {
    lock.lock();
    try {
      return (end == null ? "open" : "ended: " + end) + ", queued " + queue.size() + "/" + capacity
          + ", " + overflow + ", dropped " + dropped;
    } finally {
      lock.unlock();
    }
  }
}
