package dev.eddy.internal.task;

import dev.eddy.hub.Overflow;
import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskWatch;
import dev.eddy.task.TaskWatchEndedException;
import dev.eddy.task.WatchOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watcher is the {@link TaskWatch} of Eddy's task stores (the in-memory one and the Redis one): a
 * replay array, then a bounded queue of live events that the task's record fills under the
 * record's lock; {@code unregister} takes it out of the record when it ends by itself. The same design as the
 * Hub's subscriptions, plus two task rules: a progress event replaces a progress event at the
 * queue's tail, and the final event is always queued and ends the watch once taken.
 *
 * <p>In callback mode a delivery thread runs only while something is queued ({@code delivering}
 * stays true from its start to its exit, so there is never a second one).
 *
 * <p>Lock order: the record's monitor, then {@code lock}.
 */
public final class Watcher implements TaskWatch {
  private static final Logger log = LoggerFactory.getLogger(TaskWatch.class);

  private final String taskId;
  private final Consumer<Watcher> unregister;
  private final int capacity;
  private final Overflow overflow;
  private final Resume resume;
  private final Consumer<TaskEvent> onEvent; // null: read with next(), poll(), iterator()
  private final ThreadFactory threads;
  private final CompletableFuture<End> ended = new CompletableFuture<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<TaskEvent> queue = new ArrayDeque<>();
  private TaskEvent[] replay;
  private int replayed;
  private long dropped;
  private End end;
  private boolean delivering;

  public Watcher(String taskId, Consumer<Watcher> unregister, WatchOptions options, Resume resume, TaskEvent[] replay,
      Consumer<TaskEvent> onEvent, ThreadFactory threads) {
    this.taskId = taskId;
    this.unregister = unregister;
    this.capacity = options.capacity();
    this.overflow = options.overflow();
    this.resume = resume;
    this.replay = replay.length == 0 ? null : replay;
    this.onEvent = onEvent;
    this.threads = threads;
  }

  /** Starts delivering the replay in callback mode; the record calls it when registering. */
  public void start() {
    lock.lock();
    try {
      if (onEvent != null && replay != null) {
        startDelivery();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues a live event; the record calls it under its monitor. False once this watcher wants no
   * more events (ended, or just queued the final one) and should leave the record.
   */
  public boolean offer(TaskEvent e) {
    lock.lock();
    try {
      if (end != null) {
        return false;
      }
      TaskEvent tail = queue.peekLast();
      if (e.isProgress() && tail != null && tail.isProgress()) {
        queue.pollLast(); // the newer progress says all the older one did
      } else if (queue.size() >= capacity && !e.isFinal()) {
        if (overflow == Overflow.DISCONNECT) {
          endLocked(End.TOO_SLOW);
          return false;
        }
        queue.pollFirst();
        dropped++;
      }
      queue.addLast(e);
      if (onEvent == null) {
        arrived.signal();
      } else {
        startDelivery();
      }
      return !e.isFinal();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the watch unless it has ended; true if this call ended it. */
  public boolean end(End reason) {
    lock.lock();
    try {
      return endLocked(reason);
    } finally {
      lock.unlock();
    }
  }

  private boolean endLocked(End reason) {
    if (end != null) {
      return false;
    }
    end = reason;
    queue.clear();
    replay = null;
    arrived.signalAll();
    startDelivery(); // completes whenEnded() off this thread
    return true;
  }

  private void startDelivery() {
    if (!delivering) {
      delivering = true;
      threads.newThread(this::deliver).start();
    }
  }

  /** The delivery thread: callbacks in order while events are queued, then the end, if any. */
  private void deliver() {
    for (;;) {
      TaskEvent e = null;
      End reason;
      lock.lock();
      try {
        reason = end;
        if (reason == null) {
          e = takeLocked();
          if (e == null) {
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
        onEvent.accept(e);
      } catch (Throwable t) {
        log.warn("Watcher of task {} threw on event {}; the watch ends", taskId, e.id(), t);
        if (end(End.FAILED)) {
          unregister.accept(this);
        }
      }
    }
  }

  /** The next event, replay first; taking the final one ends the watch with FINISHED. */
  private TaskEvent takeLocked() {
    TaskEvent e;
    if (replay != null) {
      e = replay[replayed];
      replay[replayed++] = null;
      if (replayed == replay.length) {
        replay = null;
      }
    } else {
      e = queue.pollFirst();
    }
    if (e != null && e.isFinal()) {
      end = End.FINISHED;
      queue.clear();
      replay = null;
      if (onEvent == null) {
        ended.complete(End.FINISHED);
      }
    }
    return e;
  }

  private TaskEvent nextLocked() {
    if (end != null) {
      throw new TaskWatchEndedException(taskId, end);
    }
    return takeLocked();
  }

  @Override
  public TaskEvent next() throws InterruptedException {
    requireReader();
    lock.lockInterruptibly();
    try {
      for (;;) {
        TaskEvent e = nextLocked();
        if (e != null) {
          return e;
        }
        arrived.await();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public TaskEvent poll(Duration timeout) throws InterruptedException {
    if (timeout == null) {
      throw new IllegalArgumentException("timeout must not be null");
    }
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
        TaskEvent e = nextLocked();
        if (e != null) {
          return e;
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

  @Override
  public Iterator<TaskEvent> iterator() {
    requireReader();
    return new Iterator<>() {
      private TaskEvent ahead;

      @Override
      public boolean hasNext() {
        if (ahead != null) {
          return true;
        }
        try {
          ahead = Watcher.this.next();
          return true;
        } catch (TaskWatchEndedException over) {
          return false;
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      }

      @Override
      public TaskEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the watch of task " + taskId + " has ended");
        }
        TaskEvent e = ahead;
        ahead = null;
        return e;
      }
    };
  }

  private void requireReader() {
    if (onEvent != null) {
      throw new IllegalStateException("this watch of task " + taskId + " delivers to its callback; it can't be read");
    }
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public Resume resume() {
    return resume;
  }

  @Override
  public long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<End> end() {
    lock.lock();
    try {
      return Optional.ofNullable(end);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CompletionStage<End> whenEnded() {
    return ended.minimalCompletionStage();
  }

  @Override
  public void close() {
    if (end(End.CLOSED)) {
      unregister.accept(this);
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "TaskWatch(" + taskId + ", " + (end == null ? "open" : "ended: " + end) + ", queued "
          + queue.size() + "/" + capacity + ", " + overflow + ", dropped " + dropped + ")";
    } finally {
      lock.unlock();
    }
  }
}
