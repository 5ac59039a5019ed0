package dev.eddy.internal.server;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LoopWatchdog is debug mode's eye on the event loops (asyncio's slow-callback warning): each
 * loop stamps a heartbeat several times per threshold, and a watchdog thread that finds a stamp
 * older than the threshold logs what the loop thread is running, with its stack, once per stall,
 * and how long the stall lasted once the loop is back.
 */
final class LoopWatchdog {
  private static final Logger log = LoggerFactory.getLogger("dev.eddy.debug");

  private final long thresholdNanos;
  private final List<Beat> beats = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;

  /** Beat is one loop's heartbeat, written by the loop, read by the watchdog. */
  private static final class Beat {
    final EventLoop loop;
    volatile Thread loopThread;
    volatile long lastNanos = System.nanoTime();
    long reportedNanos; // the stamp already reported as stalled (watchdog thread only)
    ScheduledFuture<?> task;

    Beat(EventLoop loop) {
      this.loop = loop;
    }
  }

  private LoopWatchdog(EventLoopGroup group, Duration threshold) {
    this.thresholdNanos = threshold.toNanos();
    long periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(5), thresholdNanos / 4);
    for (EventExecutor executor : group) {
      Beat beat = new Beat((EventLoop) executor);
      beat.task = beat.loop.scheduleAtFixedRate(() -> {
        beat.loopThread = Thread.currentThread();
        beat.lastNanos = System.nanoTime();
      }, 0, periodNanos, TimeUnit.NANOSECONDS);
      beats.add(beat);
    }
    thread = Thread.ofPlatform().daemon().name("eddy-loop-watchdog").unstarted(() -> watch(periodNanos));
  }

  /** Starts watching every loop of {@code group}; a loop stalled longer than {@code threshold} is logged. */
  static LoopWatchdog start(EventLoopGroup group, Duration threshold) {
    LoopWatchdog dog = new LoopWatchdog(group, threshold);
    dog.thread.start();
    log.info("Debug mode: logging anything that holds an event loop longer than {} ms", threshold.toMillis());
    return dog;
  }

  void stop() {
    stopped = true;
    thread.interrupt();
    beats.forEach(b -> b.task.cancel(false));
  }

  private void watch(long periodNanos) {
    while (!stopped) {
      try {
        TimeUnit.NANOSECONDS.sleep(periodNanos);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (Beat beat : beats) {
        check(beat, now);
      }
    }
  }

  private void check(Beat beat, long now) {
    long last = beat.lastNanos;
    Thread loopThread = beat.loopThread;
    if (beat.reportedNanos != 0 && beat.reportedNanos != last) {
      log.warn("Event loop {} was blocked for about {} ms", name(loopThread),
          TimeUnit.NANOSECONDS.toMillis(last - beat.reportedNanos));
      beat.reportedNanos = 0;
    }
    if (loopThread == null || beat.loop.isShuttingDown() || now - last <= thresholdNanos || beat.reportedNanos == last) {
      return;
    }
    beat.reportedNanos = last;
    Throwable where = new Throwable("Event loop " + name(loopThread) + " stack");
    where.setStackTrace(loopThread.getStackTrace());
    log.warn("Event loop {} has been blocked for {} ms (debug threshold {} ms): a handler or callback on it must not "
            + "block; move the work to a virtual-thread route or use ctx.async(...)", name(loopThread),
        TimeUnit.NANOSECONDS.toMillis(now - last), TimeUnit.NANOSECONDS.toMillis(thresholdNanos), where);
  }

  private static String name(Thread t) {
    return t == null ? "?" : t.getName();
  }
}
