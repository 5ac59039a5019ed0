package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A kind's concurrency limit, the FIFO queue behind it, and the bounds that refuse starts. */
class ConcurrencyLimitTest {
  private final Tasks tasks = Tasks.builder().maxLive(20).build();
  private final ConcurrentHashMap<Integer, CountDownLatch> gates = new ConcurrentHashMap<>();
  private final List<Integer> startOrder = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger runningNow = new AtomicInteger();
  private final AtomicInteger mostRunning = new AtomicInteger();

  @AfterEach
  void close() {
    tasks.close();
  }

  /** A kind whose task n runs until gate n opens. */
  private void registerGated(String name, int concurrency, int queue) {
    tasks.register(TaskKind.blocking(name, Integer.class, (task, n) -> {
      startOrder.add(n);
      mostRunning.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
      try {
        gate(n).await();
      } finally {
        runningNow.decrementAndGet();
      }
      return n;
    }).limit(concurrency, queue));
  }

  private CountDownLatch gate(int n) {
    return gates.computeIfAbsent(n, k -> new CountDownLatch(1));
  }

  @Test
  void atMostTheLimitRunAndTheRestStartInTheOrderTheyCameIn() throws Exception {
    registerGated("job", 2, 10);
    List<Task> started = new ArrayList<>();
    for (int n = 0; n < 8; n++) {
      started.add(tasks.start("job", n));
    }
    Wait.until("two running", () -> runningNow.get() == 2);
    assertEquals(TaskState.QUEUED, started.get(2).state());
    assertEquals(List.of(TaskState.RUNNING, TaskState.RUNNING), List.of(started.get(0).state(), started.get(1).state()));
    // finish them in an order unrelated to their numbers; the queue still drains first-in first-out.
    // Each freed slot starts one task; wait for it to start before freeing the next, so the order
    // the bodies record is the order they were given slots.
    int finished = 0;
    for (int n : new int[] {1, 0, 3, 2, 5, 4, 7, 6}) {
      Wait.until("task " + n + " running", () -> startOrder.contains(n));
      gate(n).countDown();
      Wait.done(started.get(n));
      int expectStarted = Math.min(8, ++finished + 2);
      Wait.until(expectStarted + " started", () -> startOrder.size() == expectStarted);
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), startOrder);
    assertEquals(2, mostRunning.get(), "the limit was reached and never passed");
    assertEquals(0, tasks.runner("job").running());
  }

  @Test
  void aFullQueueRefusesTheStartAndCreatesNothing() throws Exception {
    registerGated("job", 1, 2);
    List<Task> started = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      started.add(tasks.start("job", n));
    }
    TaskRejectedException e = assertThrows(TaskRejectedException.class, () -> tasks.start("job", 3));
    assertEquals(TaskRejectedException.Reason.QUEUE_FULL, e.reason());
    assertEquals("Task kind 'job' is at its limit: 1 running, 2 waiting (at most 1 running and 2 waiting); try again later",
        e.getMessage());
    assertEquals(3, tasks.list(TaskQuery.all()).tasks().size(), "the refused start left nothing behind");

    gate(0).countDown();
    Wait.done(started.get(0));
    Task fourth = tasks.start("job", 3); // room again
    for (int n = 1; n <= 3; n++) {
      gate(n).countDown();
    }
    assertEquals(TaskState.SUCCEEDED, Wait.done(fourth).state());
  }

  @Test
  void cancellingAQueuedTaskEndsItWithoutRunningAndFreesItsPlace() throws Exception {
    registerGated("job", 1, 1);
    Task first = tasks.start("job", 0);
    Task queued = tasks.start("job", 1);
    Wait.until("the first running", () -> startOrder.contains(0));
    assertTrue(queued.cancel());
    TaskInfo done = Wait.done(queued);
    assertEquals(TaskState.CANCELLED, done.state());
    assertEquals(null, done.startedAt(), "it never ran");
    assertEquals(List.of("queued", "cancelled"), Wait.types(Wait.all(queued.watch(0))));
    Task next = tasks.start("job", 2); // the cancelled one's place in the queue is free
    gate(0).countDown();
    gate(2).countDown();
    assertEquals(TaskState.SUCCEEDED, Wait.done(next).state());
    assertEquals(List.of(0, 2), startOrder, "the cancelled task never ran");
  }

  @Test
  void theManagerRefusesStartsBeyondItsLiveTaskLimit() throws Exception {
    registerGated("job", 100, 0);
    List<Task> started = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      started.add(tasks.start("job", n));
    }
    TaskRejectedException e = assertThrows(TaskRejectedException.class, () -> tasks.start("job", 20));
    assertEquals(TaskRejectedException.Reason.TOO_MANY_TASKS, e.reason());
    gate(0).countDown();
    Wait.done(started.get(0));
    started.add(tasks.start("job", 21));
    for (int n = 1; n <= 21; n++) {
      gate(n).countDown();
    }
    for (Task t : started) {
      Wait.done(t);
    }
  }

  @Test
  void withoutALimitEveryTaskRunsAtOnce() throws Exception {
    tasks.register(TaskKind.blocking("free", Integer.class, (task, n) -> {
      mostRunning.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
      try {
        gate(0).await();
      } finally {
        runningNow.decrementAndGet();
      }
      return n;
    }));
    List<Task> started = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      started.add(tasks.start("free", n));
    }
    Wait.until("all ten running", () -> runningNow.get() == 10);
    gate(0).countDown();
    for (Task t : started) {
      assertEquals(TaskState.SUCCEEDED, Wait.done(t).state());
    }
  }
}
