package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Store-wide listeners hear every change of every task, every task forgotten, and the close. */
class TaskListenerTest {

  /** Recorder keeps what a listener heard, from any thread. */
  static class Recorder implements TaskListener {
    final List<TaskInfo> infos = Collections.synchronizedList(new ArrayList<>());
    final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
    final List<String> forgotten = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void changed(TaskInfo task, TaskEvent event) {
      infos.add(task);
      events.add(event);
    }

    @Override
    public void forgotten(String taskId) {
      forgotten.add(taskId);
    }

    @Override
    public void closed() {
      closed.countDown();
    }

    List<String> typesOf(String taskId) {
      synchronized (infos) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
          if (infos.get(i).id().equals(taskId)) {
            out.add(events.get(i).type());
          }
        }
        return out;
      }
    }
  }

  @Test
  void everyChangeComesWithTheSnapshotRightAfterIt() throws Exception {
    try (Tasks tasks = Tasks.create()) {
      tasks.register(TaskKind.blocking("steps", Void.class, (task, none) -> {
        task.progress(1, 2, "half");
        task.emit("note", Map.of("n", 1));
        task.progress(2, 2);
        return "done";
      }));
      Recorder heard = new Recorder();
      tasks.listen(heard);
      Task task = tasks.start("steps", null);
      Wait.done(task);
      Wait.until("the final change", () -> heard.typesOf(task.id()).contains("succeeded"));

      assertEquals(List.of("queued", "running", "progress", "note", "progress", "succeeded"), heard.typesOf(task.id()));
      for (int i = 0; i < heard.infos.size(); i++) {
        assertEquals(heard.events.get(i).id(), heard.infos.get(i).lastEventId(), "the snapshot is the one right after its event");
      }
      assertEquals(TaskState.QUEUED, heard.infos.get(0).state());
      assertEquals("half", heard.infos.get(2).message());
      TaskInfo last = heard.infos.get(heard.infos.size() - 1);
      assertEquals(TaskState.SUCCEEDED, last.state());
      assertEquals("\"done\"", last.result());
      assertEquals(task.info(), last);
    }
  }

  @Test
  void manyTasksReportingAtOnceAreAllHeardAndTheNewestSnapshotWins() throws Exception {
    try (Tasks tasks = Tasks.create()) {
      tasks.register(TaskKind.blocking("count", Integer.class, (task, n) -> {
        for (int i = 1; i <= n; i++) {
          task.progress(i, n);
        }
        return n;
      }));
      Map<String, TaskInfo> newest = new ConcurrentHashMap<>();
      AtomicInteger changes = new AtomicInteger();
      tasks.listen((info, event) -> {
        changes.incrementAndGet();
        newest.merge(info.id(), info, (a, b) -> b.lastEventId() > a.lastEventId() ? b : a);
      });
      List<Task> started = new ArrayList<>();
      for (int t = 0; t < 50; t++) {
        started.add(tasks.start("count", 1000));
      }
      for (Task t : started) {
        Wait.done(t);
      }
      Wait.until("every change", () -> changes.get() == 50 * (3 + 1000));
      for (Task t : started) {
        assertEquals(t.info(), newest.get(t.id()), "keeping the highest lastEventId gives the final snapshot");
      }
    }
  }

  @Test
  void forgottenTasksAreReportedAfterTheStoreLetGoOfThem() throws Exception {
    InMemoryTaskStore store = InMemoryTaskStore.builder().retainAtMost(1).build();
    try (Tasks tasks = Tasks.builder().store(store).build()) {
      tasks.register(TaskKind.blocking("n", Integer.class, (task, n) -> n));
      Map<String, Boolean> keptWhenHeard = new HashMap<>();
      Recorder heard = new Recorder() {
        @Override
        public void forgotten(String taskId) {
          keptWhenHeard.put(taskId, tasks.get(taskId).isPresent());
          super.forgotten(taskId);
        }
      };
      tasks.listen(heard);
      Task first = tasks.start("n", 1);
      Wait.done(first);
      Task second = tasks.start("n", 2);
      Wait.done(second);
      Wait.until("the first forgotten", () -> heard.forgotten.contains(first.id()));
      assertEquals(List.of(first.id()), heard.forgotten);
      assertEquals(Map.of(first.id(), false), keptWhenHeard);
    }
  }

  @Test
  void aClosedRegistrationHearsNothingMore() throws Exception {
    try (Tasks tasks = Tasks.create()) {
      tasks.register(TaskKind.blocking("n", Integer.class, (task, n) -> n));
      Recorder heard = new Recorder();
      TaskListener.Registration registration = tasks.listen(heard);
      Wait.done(tasks.start("n", 1));
      Wait.until("three changes", () -> heard.events.size() == 3);
      registration.close();
      registration.close();
      Wait.done(tasks.start("n", 2));
      assertEquals(3, heard.events.size());
    }
  }

  @Test
  void aListenerThatThrowsBreaksNeitherTheTaskNorOtherListeners() throws Exception {
    try (Tasks tasks = Tasks.create()) {
      tasks.register(TaskKind.blocking("n", Integer.class, (task, n) -> {
        task.progress(1, 1);
        return n;
      }));
      tasks.listen((info, event) -> {
        throw new IllegalStateException("listener bug");
      });
      Recorder heard = new Recorder();
      tasks.listen(heard);
      Task task = tasks.start("n", 7);
      assertEquals(TaskState.SUCCEEDED, Wait.done(task).state());
      Wait.until("every change", () -> heard.typesOf(task.id()).size() == 4);
    }
  }

  @Test
  void closingTheManagerTellsListenersAndRefusesNewOnes() throws Exception {
    Tasks tasks = Tasks.create();
    Recorder heard = new Recorder();
    tasks.listen(heard);
    tasks.close();
    assertTrue(heard.closed.await(5, java.util.concurrent.TimeUnit.SECONDS));
    assertThrows(IllegalStateException.class, () -> tasks.listen(new Recorder()));
  }
}
