package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timeouts per kind and per task, counted from when the task starts running. */
class TaskTimeoutTest {
  private final Tasks tasks = Tasks.create();

  @AfterEach
  void close() {
    tasks.close();
  }

  @Test
  void aTasksOwnTimeoutOverridesItsKinds() throws Exception {
    tasks.register(TaskKind.blocking("nap", Long.class, (task, millis) -> {
      Thread.sleep(millis);
      return "rested";
    }).timeout(Duration.ofMillis(100)));
    assertTrue(Wait.done(tasks.start("nap", 2_000L)).timedOut(), "the kind's 100 ms");
    TaskInfo longer = Wait.done(tasks.start("nap", 300L, StartOptions.defaults().timeout(Duration.ofSeconds(10))));
    assertEquals(TaskState.SUCCEEDED, longer.state(), "its own 10 s");
    TaskInfo shorter = Wait.done(tasks.start("nap", 2_000L, StartOptions.defaults().timeout(Duration.ofMillis(50))));
    assertEquals("timed out after 50 ms", shorter.error().message());
  }

  @Test
  void theClockStartsWhenTheTaskRunsNotWhileItWaits() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    tasks.register(TaskKind.blocking("one", String.class, (task, name) -> {
      if (name.equals("blocker")) {
        release.await();
      } else {
        Thread.sleep(100);
      }
      return name;
    }).timeout(Duration.ofMillis(1_000)).limit(1, 5));
    Task blocker = tasks.start("one", "blocker", StartOptions.defaults().timeout(Duration.ofSeconds(30)));
    Task waiting = tasks.start("one", "waiter");
    Thread.sleep(1_500); // longer than the waiter's timeout, spent in the queue
    assertEquals(TaskState.QUEUED, waiting.state());
    release.countDown();
    assertEquals(TaskState.SUCCEEDED, Wait.done(blocker).state());
    assertEquals(TaskState.SUCCEEDED, Wait.done(waiting).state(), "its 1 s started when it ran");
  }

  @Test
  void aTaskThatEndsInTimeIsNotTouchedByItsTimeout() throws Exception {
    tasks.register(TaskKind.blocking("quick", Void.class, (task, none) -> "done").timeout(Duration.ofMillis(50)));
    Task task = tasks.start("quick", null);
    assertEquals(TaskState.SUCCEEDED, Wait.done(task).state());
    Thread.sleep(100);
    assertEquals(TaskState.SUCCEEDED, task.state(), "the final state never changes");
  }
}
