package dev.eddy.bench.tasks;

import dev.eddy.task.InMemoryTaskStore;
import dev.eddy.task.Task;
import dev.eddy.task.TaskKind;
import dev.eddy.task.TaskState;
import dev.eddy.task.Tasks;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TaskLoad starts N tasks that each sleep for an hour on one {@link Tasks} (default options, an
 * {@link InMemoryTaskStore} that keeps them all), measures what they hold while they sleep, then
 * cancels them all and measures how long that takes. One warm-up round of N/10, then the measured
 * rounds, each with a fresh manager. Prints one {@code RESULT key=value ...} line per round.
 *
 * <pre>
 *   java -Xmx2g -cp bench-tasks.jar dev.eddy.bench.tasks.TaskLoad 100000 3
 * </pre>
 *
 * <ul>
 *   <li><b>start</b>: the {@code tasks.start(...)} calls, one after another from one thread;
 *       <b>running</b>: until every body has started (its first line ran);
 *   <li><b>heap / task</b>: heap in use after three full GCs with all of them asleep, minus the
 *       same before, over N. It counts everything a task holds: the execution, the store's
 *       record, snapshot and log (the queued and running events), the virtual thread and its
 *       parked stack, and the 24-byte {@link Task} handle this program keeps to cancel it;
 *   <li><b>cancel</b>: the {@code task.cancel()} calls; <b>ended</b>: until the store has
 *       recorded every one's final {@code cancelled} event (counted by a {@code tasks.listen}er);
 *   <li><b>heap / finished task</b>: the same measure once they have all ended and are retained.
 * </ul>
 */
public final class TaskLoad {
  private TaskLoad() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.println("warm-up: " + round(Math.max(1, n / 10)));
    for (int r = 1; r <= rounds; r++) {
      System.out.println("RESULT round=" + r + " " + round(n));
    }
  }

  private static String round(int n) throws Exception {
    Task[] started = new Task[n];
    CountDownLatch running = new CountDownLatch(n);
    CountDownLatch ended = new CountDownLatch(n);
    AtomicInteger notCancelled = new AtomicInteger();
    long heap0 = liveHeap();
    long rss0 = rss();
    try (Tasks tasks = Tasks.builder().maxLive(n).store(InMemoryTaskStore.builder().retainAtMost(n).build()).build()) {
      tasks.register(TaskKind.blocking("sleep", Void.class, (task, none) -> {
        running.countDown();
        task.sleep(Duration.ofHours(1));
        return null;
      }));
      tasks.listen((info, event) -> {
        if (event.isFinal()) {
          if (info.state() != TaskState.CANCELLED) {
            notCancelled.incrementAndGet();
          }
          ended.countDown();
        }
      });

      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        started[i] = tasks.start("sleep", null);
      }
      long startNanos = System.nanoTime() - t0;
      await(running, "every task to run");
      long runningNanos = System.nanoTime() - t0;

      long heap1 = liveHeap();
      long rss1 = rss();

      long c0 = System.nanoTime();
      for (Task t : started) {
        t.cancel();
      }
      long cancelNanos = System.nanoTime() - c0;
      await(ended, "every task to end");
      long endedNanos = System.nanoTime() - c0;
      if (notCancelled.get() > 0) {
        throw new IllegalStateException(notCancelled.get() + " tasks ended otherwise than cancelled");
      }
      long heap2 = liveHeap();

      return "tasks=" + n
          + " start_ms=" + millis(startNanos)
          + " running_ms=" + millis(runningNanos)
          + " heap_per_task=" + (heap1 - heap0) / n
          + " rss_per_task=" + (rss0 < 0 ? -1 : (rss1 - rss0) / n)
          + " cancel_ms=" + millis(cancelNanos)
          + " ended_ms=" + millis(endedNanos)
          + " heap_per_finished_task=" + (heap2 - heap0) / n;
    }
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("Waited 10 minutes for " + what + "; " + latch.getCount() + " left");
    }
  }

  private static String millis(long nanos) {
    return String.format("%.1f", nanos / 1e6);
  }

  /** Heap in use after three full GCs: what is reachable. */
  private static long liveHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux: no RSS
    }
    return -1;
  }
}
