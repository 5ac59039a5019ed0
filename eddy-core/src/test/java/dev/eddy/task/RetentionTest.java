package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Finished tasks are kept, final state and result included, until their age or count runs out. */
class RetentionTest {

  @Test
  void finishedTasksBeyondTheCountAreForgottenEarliestFinishedFirst() throws Exception {
    try (Tasks tasks = Tasks.builder().store(InMemoryTaskStore.builder().retainAtMost(3).build()).build()) {
      tasks.register(TaskKind.blocking("n", Integer.class, (task, n) -> n * 10));
      List<Task> done = new ArrayList<>();
      for (int n = 0; n < 5; n++) {
        Task t = tasks.start("n", n);
        Wait.done(t);
        done.add(t);
      }
      assertTrue(tasks.get(done.get(0).id()).isEmpty());
      assertTrue(tasks.get(done.get(1).id()).isEmpty());
      for (int n = 2; n < 5; n++) {
        TaskInfo kept = done.get(n).info();
        assertEquals(TaskState.SUCCEEDED, kept.state());
        assertEquals(Integer.toString(n * 10), kept.result(), "the result is kept with the task");
      }
      assertThrows(NoSuchElementException.class, () -> done.get(0).info());
      assertEquals(3, tasks.list(TaskQuery.all()).tasks().size());
    }
  }

  @Test
  void finishedTasksOlderThanTheAgeAreForgotten() throws Exception {
    MovableClock clock = new MovableClock();
    InMemoryTaskStore store = InMemoryTaskStore.builder().clock(clock).retainFor(Duration.ofMinutes(10)).build();
    try (Tasks tasks = Tasks.builder().store(store).build()) {
      tasks.register(TaskKind.blocking("n", Integer.class, (task, n) -> n));
      Task old = tasks.start("n", 1);
      Wait.done(old);
      clock.advance(Duration.ofMinutes(6));
      Task young = tasks.start("n", 2);
      Wait.done(young);
      clock.advance(Duration.ofMinutes(5)); // old ended 11 minutes ago, young 5
      assertTrue(tasks.get(old.id()).isEmpty(), "past its age");
      assertEquals("2", tasks.get(young.id()).orElseThrow().info().result());
      clock.advance(Duration.ofMinutes(6));
      assertTrue(tasks.get(young.id()).isEmpty());
      assertEquals(0, store.size());
    }
  }

  @Test
  void unfinishedTasksAreNeverForgotten() throws Exception {
    MovableClock clock = new MovableClock();
    InMemoryTaskStore store = InMemoryTaskStore.builder().clock(clock).retainFor(Duration.ofMinutes(1)).retainAtMost(0).build();
    CountDownLatch release = new CountDownLatch(1);
    try (Tasks tasks = Tasks.builder().store(store).build()) {
      tasks.register(TaskKind.blocking("wait", Void.class, (task, none) -> {
        release.await();
        return "done";
      }));
      Task running = tasks.start("wait", null);
      Wait.until("running", () -> running.state() == TaskState.RUNNING);
      clock.advance(Duration.ofHours(5));
      assertEquals(TaskState.RUNNING, tasks.get(running.id()).orElseThrow().state());
      TaskWatch watch = running.watch(0);
      release.countDown();
      assertEquals(List.of("queued", "running", "succeeded"), Wait.types(Wait.all(watch)),
          "a watcher keeps the final event even though retainAtMost(0) forgets the task at once");
      Wait.until("forgotten", () -> tasks.get(running.id()).isEmpty());
    }
  }
}
