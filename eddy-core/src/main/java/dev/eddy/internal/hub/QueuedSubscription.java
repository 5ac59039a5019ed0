package dev.eddy.internal.hub;

import dev.eddy.hub.Message;
import dev.eddy.hub.Overflow;
import dev.eddy.hub.SubscribeOptions;
import dev.eddy.hub.Subscription;
import dev.eddy.hub.SubscriptionEndedException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QueuedSubscription is the subscription of Eddy's hubs (the in-memory one and the Redis one): the
 * messages replayed from history, then a bounded queue of live ones that its channel fills under
 * the channel's lock. The channel is whatever owns it: {@code unregister} takes it out when it ends
 * by itself (closed, or its callback threw).
 *
 * <p>In callback mode a delivery thread runs only while there is something to deliver: the first
 * message queued into an idle subscription starts one, and it exits when the queue is empty.
 * {@code delivering} stays true from start to exit, so there is never a second one. Ending the
 * subscription also starts one (unless one is running) to complete {@link #whenEnded()} off the
 * ending thread; that one exits at once.
 *
 * <p>Lock order: the channel's monitor, then {@code lock}; never the other way round.
 */
public final class QueuedSubscription implements Subscription {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);

  private final String channel;
  private final Consumer<QueuedSubscription> unregister;
  private final int capacity;
  private final Overflow overflow;
  private final Resume resume;
  private final Consumer<Message> onMessage; // null: read with next(), poll(), iterator()
  private final ThreadFactory threads;
  private final CompletableFuture<End> ended = new CompletableFuture<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<Message> queue = new ArrayDeque<>();
  private Message[] replay; // delivered before the queue; null once done
  private int replayed;
  private long dropped;
  private End end;
  private boolean delivering;

  public QueuedSubscription(
      String channel,
      Consumer<QueuedSubscription> unregister,
      SubscribeOptions options,
      Resume resume,
      Message[] replay,
      Consumer<Message> onMessage,
      ThreadFactory threads) {
    this.channel = channel;
    this.unregister = unregister;
    this.capacity = options.capacity();
    this.overflow = options.overflow();
    this.resume = resume;
    this.replay = replay.length == 0 ? null : replay;
    this.onMessage = onMessage;
    this.threads = threads;
  }

  /** Starts delivering replayed messages in callback mode; the channel calls it on registering. */
  public void start() {
    lock.lock();
    try {
      if (onMessage != null && replay != null) {
        deliverLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues a live message; the channel calls it under its monitor. False when the subscription
   * has ended, now or before, and should leave the channel.
   */
  public boolean offer(Message m) {
    lock.lock();
    try {
      if (end != null) {
        return false;
      }
      if (queue.size() >= capacity) {
        if (overflow == Overflow.DISCONNECT) {
          endLocked(End.TOO_SLOW);
          return false;
        }
        queue.poll();
        dropped++;
      }
      queue.add(m);
      if (onMessage == null) {
        arrived.signal();
      } else {
        deliverLocked();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the subscription unless it has ended already; true if this call ended it. */
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
    deliverLocked();
    return true;
  }

  private void deliverLocked() {
    if (!delivering) {
      delivering = true;
      threads.newThread(this::deliver).start();
    }
  }

  /** The delivery thread: callbacks in order while messages are queued, then the end, if any. */
  private void deliver() {
    for (;;) {
      Message m = null;
      End e;
      lock.lock();
      try {
        e = end;
        if (e == null) {
          m = takeLocked();
          if (m == null) {
            delivering = false;
            return;
          }
        }
      } finally {
        lock.unlock();
      }
      if (e != null) {
        ended.complete(e); // delivering stays true: no thread starts after this one
        return;
      }
      try {
        onMessage.accept(m);
      } catch (Throwable t) {
        log.warn("Hub callback on channel '{}' threw; the subscription ends", channel, t);
        if (end(End.FAILED)) {
          unregister.accept(this);
        }
      }
    }
  }

  private Message takeLocked() {
    if (replay != null) {
      Message m = replay[replayed];
      replay[replayed++] = null;
      if (replayed == replay.length) {
        replay = null;
      }
      return m;
    }
    return queue.poll();
  }

  private Message nextLocked() {
    if (end != null) {
      throw new SubscriptionEndedException(channel, end);
    }
    return takeLocked();
  }

  @Override
  public Message next() throws InterruptedException {
    requireReader();
    lock.lockInterruptibly();
    try {
      for (;;) {
        Message m = nextLocked();
        if (m != null) {
          return m;
        }
        arrived.await();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Message poll(Duration timeout) throws InterruptedException {
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
        Message m = nextLocked();
        if (m != null) {
          return m;
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
  public Iterator<Message> iterator() {
    requireReader();
    return new Iterator<>() {
      private Message ahead;

      @Override
      public boolean hasNext() {
        if (ahead != null) {
          return true;
        }
        try {
          ahead = QueuedSubscription.this.next();
          return true;
        } catch (SubscriptionEndedException ended) {
          return false;
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      }

      @Override
      public Message next() {
        if (!hasNext()) {
          throw new NoSuchElementException("subscription to '" + channel + "' has ended");
        }
        Message m = ahead;
        ahead = null;
        return m;
      }
    };
  }

  private void requireReader() {
    if (onMessage != null) {
      throw new IllegalStateException(
          "subscription to '" + channel + "' delivers to its callback; it can't be read");
    }
  }

  @Override
  public String channel() {
    return channel;
  }

  /** What a full queue does to this subscription. */
  public Overflow overflow() {
    return overflow;
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
      return "Subscription(" + channel + ", "
          + (end == null ? "open" : "ended: " + end) + ", queued " + queue.size() + "/" + capacity
          + ", " + overflow + ", dropped " + dropped + ")";
    } finally {
      lock.unlock();
    }
  }
}
