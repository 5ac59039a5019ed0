package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cancellation reaches code blocked in sleeps, queue waits and socket reads, and loops that poll
 * the stop flag. Each blocked call would last 30 s; the bound asserted (5 s) is loose enough for a
 * loaded machine yet fails if cancellation did not reach the call. The latency measured is printed.
 */
class CancellationTest {
  private static final long BLOCK_MS = 30_000;
  private static final long BOUND_MS = 5_000;

  private final Tasks tasks = Tasks.create();

  @AfterEach
  void close() {
    tasks.close();
  }

  /** Blocker is the blocking call under test; it is expected to throw when interrupted. */
  interface Blocker {
    void block(TaskContext task) throws Exception;
  }

  private long cancelLatencyMillis(String name, Blocker blocker) throws Exception {
    CountDownLatch blocking = new CountDownLatch(1);
    AtomicLong noticedAt = new AtomicLong();
    tasks.register(TaskKind.blocking(name, Void.class, (task, none) -> {
      blocking.countDown();
      try {
        blocker.block(task);
      } finally {
        noticedAt.set(System.nanoTime());
      }
      return "not cancelled";
    }));
    Task task = tasks.start(name, null);
    assertTrue(blocking.await(10, TimeUnit.SECONDS));
    Thread.sleep(50); // let it get into the blocking call
    long cancelledAt = System.nanoTime();
    assertTrue(task.cancel());
    TaskInfo done = Wait.done(task);
    assertEquals(TaskState.CANCELLED, done.state());
    long millis = TimeUnit.NANOSECONDS.toMillis(noticedAt.get() - cancelledAt);
    System.out.printf("cancellation reached %s after %d ms%n", name, millis);
    assertTrue(millis < BOUND_MS, name + " noticed the cancel only after " + millis + " ms");
    return millis;
  }

  @Test
  void cancelReachesThreadSleep() throws Exception {
    cancelLatencyMillis("thread-sleep", task -> Thread.sleep(BLOCK_MS));
  }

  @Test
  void cancelReachesABlockingQueueTake() throws Exception {
    LinkedBlockingQueue<String> empty = new LinkedBlockingQueue<>();
    cancelLatencyMillis("queue-take", task -> empty.take());
  }

  @Test
  void cancelReachesABlockingSocketRead() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor = Thread.ofVirtual().start(() -> {
        try (Socket silent = server.accept()) {
          silent.getInputStream().read(); // never writes; ends when the peer closes
        } catch (Exception ignored) {
          // the test is over
        }
      });
      cancelLatencyMillis("socket-read", task -> {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
          s.setSoTimeout((int) BLOCK_MS);
          InputStream in = s.getInputStream();
          in.read(); // interrupting a virtual thread closes the socket: this throws
        }
      });
      acceptor.join(Duration.ofSeconds(5));
    }
  }

  @Test
  void cancelWakesTheTasksOwnSleep() throws Exception {
    cancelLatencyMillis("task-sleep", task -> task.sleep(Duration.ofMillis(BLOCK_MS)));
  }

  @Test
  void cancelSetsTheStopFlagThatALoopPolls() throws Exception {
    cancelLatencyMillis("stop-flag", task -> {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BLOCK_MS);
      while (!task.cancelled() && System.nanoTime() < end) {
        Thread.onSpinWait(); // CPU-bound work that ignores interrupts
      }
    });
  }

  @Test
  void theTasksOwnSleepWakesOnCancelEvenOnAnotherThread() throws Exception {
    CountDownLatch sleeping = new CountDownLatch(1);
    AtomicLong wokeAt = new AtomicLong();
    CountDownLatch woke = new CountDownLatch(1);
    tasks.register(TaskKind.async("helper-sleep", Void.class, (task, none) -> {
      Thread.ofPlatform().start(() -> { // not the body's thread: no interrupt reaches it
        sleeping.countDown();
        try {
          task.sleep(Duration.ofMillis(BLOCK_MS));
        } catch (InterruptedException expected) {
          wokeAt.set(System.nanoTime());
          woke.countDown();
        }
      });
      return new java.util.concurrent.CompletableFuture<>();
    }));
    Task task = tasks.start("helper-sleep", null);
    assertTrue(sleeping.await(10, TimeUnit.SECONDS));
    Thread.sleep(50);
    long cancelledAt = System.nanoTime();
    task.cancel();
    assertTrue(woke.await(BOUND_MS, TimeUnit.MILLISECONDS));
    System.out.printf("cancellation woke task.sleep on a helper thread after %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(wokeAt.get() - cancelledAt));
  }

  @Test
  void aTimeoutReachesBlockedCodeTheSameWay() throws Exception {
    tasks.register(TaskKind.blocking("slow", Void.class, (task, none) -> {
      Thread.sleep(BLOCK_MS);
      return "never";
    }).timeout(Duration.ofMillis(200)));
    long start = System.nanoTime();
    TaskInfo done = Wait.done(tasks.start("slow", null));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(TaskState.FAILED, done.state());
    assertTrue(done.timedOut());
    assertEquals(new TaskError(TaskError.TIMEOUT, "timed out after 200 ms"), done.error());
    assertTrue(millis >= 200 && millis < BOUND_MS, millis + " ms");
  }
}
