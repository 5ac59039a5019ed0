package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Closing the manager cancels what runs, waits for it within the grace, and refuses new tasks. */
class ShutdownTest {

  @Test
  void closeCancelsRunningAndQueuedTasksAndWaitsForThemToEnd() throws Exception {
    Tasks tasks = Tasks.create();
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<String> cleanedUp = new AtomicReference<>();
    tasks.register(TaskKind.blocking("work", Void.class, (task, none) -> {
      started.countDown();
      try {
        Thread.sleep(60_000);
      } finally {
        Thread.sleep(100); // cleanup that takes a moment, within the grace
        cleanedUp.set("yes");
      }
      return null;
    }).limit(1, 5));
    Task running = tasks.start("work", null);
    Task queued = tasks.start("work", null);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    TaskWatch watch = running.watch(0);
    var runningDone = running.whenDone().toCompletableFuture();
    var queuedDone = queued.whenDone().toCompletableFuture();
    tasks.close();
    assertEquals("yes", cleanedUp.get(), "close() returned after the body ended");
    assertEquals(TaskState.CANCELLED, runningDone.get(1, TimeUnit.SECONDS).state());
    assertEquals("cancelled: the task manager is closing", queuedDone.get(1, TimeUnit.SECONDS).error().message());
    TaskRejectedException e = assertThrows(TaskRejectedException.class, () -> tasks.start("work", null));
    assertEquals(TaskRejectedException.Reason.CLOSED, e.reason());
    assertEquals(java.util.List.of("queued", "running", "cancelled"), Wait.types(Wait.all(watch)),
        "a watcher still gets the final event of a task cancelled by the shutdown");
  }

  @Test
  void closeGivesUpOnATaskThatIgnoresItsCancelAfterTheGrace() throws Exception {
    Tasks tasks = Tasks.builder().shutdownGrace(Duration.ofMillis(200)).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    tasks.register(TaskKind.blocking("deaf", Void.class, (task, none) -> {
      started.countDown();
      while (letGo.getCount() > 0) {
        try {
          letGo.await();
        } catch (InterruptedException ignored) {
          // ignores cancellation on purpose
        }
      }
      return null;
    }));
    Task deaf = tasks.start("deaf", null);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    TaskWatch watch = deaf.watch(0);
    long start = System.nanoTime();
    tasks.close();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis >= 200 && millis < 5_000, "waited the grace, then gave up: " + millis + " ms");
    assertEquals(TaskWatch.End.STORE_CLOSED, watch.whenEnded().toCompletableFuture().get(5, TimeUnit.SECONDS));
    letGo.countDown();
  }
}
