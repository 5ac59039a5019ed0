package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A task's log stays bounded however much it reports, and keeps what matters. */
class EventLogTest {
  private final InMemoryTaskStore store = InMemoryTaskStore.builder().maxEvents(10).build();
  private final Tasks tasks = Tasks.builder().store(store).build();

  @AfterEach
  void close() {
    tasks.close();
  }

  @Test
  void aMillionProgressStepsKeepOneProgressEventTheLatest() throws Exception {
    int steps = 1_000_000;
    tasks.register(TaskKind.blocking("million", Void.class, (task, none) -> {
      for (int i = 1; i <= steps; i++) {
        task.progress(i, steps);
      }
      return null;
    }));
    Task task = tasks.start("million", null);
    TaskInfo done = Wait.done(task);
    assertEquals(steps, done.value());
    assertEquals(steps + 3, done.lastEventId(), "every report got an id");
    List<TaskEvent> log = Wait.all(task.watch(0));
    assertEquals(List.of("queued", "running", "progress", "succeeded"), Wait.types(log));
    assertEquals("{\"value\":1000000,\"total\":1000000}", log.get(2).data());
    assertEquals(steps + 2, log.get(2).id());
  }

  @Test
  void customEventsAreKeptUpToTheBoundOldestDroppedFirstButNeverTheLatestProgress() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    tasks.register(TaskKind.blocking("chatty", Void.class, (task, none) -> {
      task.progress(7, 100, "the only progress");
      for (int i = 0; i < 25; i++) {
        task.emit("line", i);
      }
      release.await();
      return null;
    }));
    Task task = tasks.start("chatty", null);
    Wait.until("25 lines", () -> task.info().lastEventId() == 2 + 1 + 25);

    TaskRecord record = store.record(task.id());
    assertEquals(2 + 1 + 10, record.logSize(), "queued, running, the pinned progress, the newest 10 lines");
    try (TaskWatch all = task.watch(0)) {
      assertEquals(TaskWatch.Resume.GAP, all.resume(), "the oldest lines were dropped");
      List<TaskEvent> replay = Wait.events(all, 13);
      assertEquals("queued", replay.get(0).type());
      assertEquals("running", replay.get(1).type());
      assertEquals("{\"value\":7,\"total\":100,\"message\":\"the only progress\"}", replay.get(2).data());
      for (int i = 0; i < 10; i++) {
        assertEquals("line", replay.get(3 + i).type());
        assertEquals(Integer.toString(15 + i), replay.get(3 + i).data());
      }
    }
    long lastDropped = 3 + 15; // events 4.. are lines 0..; line 14 is id 18
    try (TaskWatch fromLastDropped = task.watch(lastDropped)) {
      assertEquals(TaskWatch.Resume.COMPLETE, fromLastDropped.resume(), "nothing after it is missing");
      assertEquals("15", fromLastDropped.poll(Wait.PATIENCE).data());
    }
    release.countDown();
    Wait.done(task);
  }

  @Test
  void progressBetweenCustomEventsIsKeptInPlaceAndCollapsesOnlyWhenConsecutive() throws Exception {
    tasks.register(TaskKind.blocking("mixed", Void.class, (task, none) -> {
      task.progress(1, 4);
      task.progress(2, 4);
      task.emit("page", "a");
      task.progress(3, 4);
      task.progress(4, 4);
      return null;
    }));
    Task task = tasks.start("mixed", null);
    Wait.done(task);
    List<TaskEvent> log = Wait.all(task.watch(0));
    assertEquals(List.of("queued", "running", "progress", "page", "progress", "succeeded"), Wait.types(log));
    assertEquals("{\"value\":2,\"total\":4}", log.get(2).data());
    assertEquals("{\"value\":4,\"total\":4}", log.get(4).data());
    for (int i = 1; i < log.size(); i++) {
      assertTrue(log.get(i).id() > log.get(i - 1).id());
    }
  }

  @Test
  void theLogIsBoundedInBytesToo() throws Exception {
    InMemoryTaskStore small = InMemoryTaskStore.builder().maxLogBytes(4096).build();
    try (Tasks t = Tasks.builder().store(small).build()) {
      t.register(TaskKind.blocking("big", Void.class, (task, none) -> {
        for (int i = 0; i < 10; i++) {
          task.emit("blob", "x".repeat(1000));
        }
        return null;
      }));
      Task task = t.start("big", null);
      Wait.done(task);
      int blobs = (int) Wait.all(task.watch(0)).stream().filter(e -> e.type().equals("blob")).count();
      assertTrue(blobs >= 1 && blobs <= 4, blobs + " blobs of 1000 characters kept under 4096");
    }
  }
}
