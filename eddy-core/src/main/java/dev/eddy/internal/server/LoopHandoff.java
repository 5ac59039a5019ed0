package dev.eddy.internal.server;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.AbstractEventExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * LoopHandoff moves work from one event loop to virtual threads and back, a loop iteration at a
 * time, so the loop and the virtual threads' carrier trade the CPU once per iteration rather than
 * once per request.
 *
 * <p>Why: every virtual thread started from the loop is an external submission that wakes a
 * carrier, and every result sent back with {@code loop.execute} wakes the loop. On a busy server
 * each wake-up can preempt the thread that caused it, so requests ping-pong between the two
 * threads one at a time. Instead, {@link #start} only collects work during the loop's I/O pass; a
 * task that runs after the pass starts it all from one dispatcher virtual thread (one wake-up),
 * and results come back with {@code lazyExecute} (no wake-up) until a trailer, queued behind the
 * batch on the carrier, wakes the loop once. Work still blocked when the trailer has run returns
 * with an ordinary {@code execute}.
 *
 * <p>A handler that computes for long without blocking holds its carrier, and with it the trailer
 * when there is only one carrier; so the loop also ends the lazy phase of any batch older than
 * {@link #MAX_LAZY_NANOS} itself. A fast response never waits more than about that for a slow
 * neighbour.
 */
final class LoopHandoff {
  private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("eddy-handler").factory();
  private static final Runnable WAKE = () -> {};
  private static final long MAX_LAZY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final EventLoop loop;
  private List<Consumer<Return>> pending = new ArrayList<>();
  private boolean scheduled;
  /** Batches whose trailer may not have run yet, oldest first. Loop only. */
  private final ArrayDeque<Group> lazy = new ArrayDeque<>();
  private boolean expiryScheduled;

  LoopHandoff(EventLoop loop) {
    this.loop = loop;
  }

  /**
   * Return is how work on a virtual thread hands a task back to the loop: {@link #toLoop} runs it
   * there, in order with the work's other returns. Throws RejectedExecutionException once the
   * loop has shut down.
   */
  interface Return {
    void toLoop(Runnable task);
  }

  /** Runs {@code work} on a virtual thread, together with the rest of this loop iteration's. Loop only. */
  void start(Consumer<Return> work) {
    pending.add(work);
    if (!scheduled) {
      scheduled = true;
      loop.execute(this::startPending); // on the loop: queued, runs right after the I/O pass
    }
  }

  private void startPending() {
    scheduled = false;
    List<Consumer<Return>> batch = pending;
    pending = new ArrayList<>();
    if (batch.size() == 1) {
      Consumer<Return> work = batch.get(0);
      VIRTUAL.newThread(() -> work.accept(this::wakeAndRun)).start();
      return;
    }
    Group group = new Group(System.nanoTime());
    lazy.add(group);
    if (!expiryScheduled) {
      expiryScheduled = true;
      loop.schedule(this::expireLazy, MAX_LAZY_NANOS, TimeUnit.NANOSECONDS);
    }
    VIRTUAL.newThread(() -> {
      for (Consumer<Return> work : batch) {
        VIRTUAL.newThread(() -> work.accept(group)).start();
      }
      VIRTUAL.newThread(group::trailer).start(); // FIFO: runs after the work above got its turn
    }).start();
  }

  /**
   * Ends the lazy phase of batches older than {@link #MAX_LAZY_NANOS}: their returns queued so far
   * run in this loop iteration, later ones wake the loop. Loop only.
   */
  private void expireLazy() {
    expiryScheduled = false;
    long now = System.nanoTime();
    Group g;
    while ((g = lazy.peek()) != null && (g.trailerPassed || now - g.startedNanos >= MAX_LAZY_NANOS)) {
      g.trailerPassed = true;
      lazy.poll();
    }
    if (!lazy.isEmpty()) {
      expiryScheduled = true;
      loop.schedule(this::expireLazy, MAX_LAZY_NANOS, TimeUnit.NANOSECONDS);
    }
  }

  /** Queues a task without waking the loop, where the loop allows it. */
  private void lazyExecute(Runnable task) {
    if (loop instanceof AbstractEventExecutor executor) {
      executor.lazyExecute(task);
    } else {
      loop.execute(task);
    }
  }

  private void wakeAndRun(Runnable task) {
    loop.execute(task);
  }

  /** Group is one dispatched batch: its returns are lazy until the trailer has passed. */
  private final class Group implements Return {
    private final long startedNanos;
    private volatile boolean trailerPassed;

    Group(long startedNanos) {
      this.startedNanos = startedNanos;
    }

    @Override
    public void toLoop(Runnable task) {
      if (trailerPassed) {
        loop.execute(task);
        return;
      }
      lazyExecute(task);
      if (trailerPassed) {
        loop.execute(WAKE); // the trailer may have woken the loop before our task was queued
      }
    }

    void trailer() {
      trailerPassed = true;
      loop.execute(WAKE);
    }
  }
}
