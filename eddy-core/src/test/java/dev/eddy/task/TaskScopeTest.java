package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks bound to an owner end with it; detached ones outlive it and are found again by id. */
class TaskScopeTest {
  private final Tasks tasks = Tasks.create();
  private final CountDownLatch release = new CountDownLatch(1);

  TaskScopeTest() {
    tasks.register(TaskKind.blocking("wait", Void.class, (task, none) -> {
      release.await();
      return "released";
    }));
  }

  @AfterEach
  void close() {
    release.countDown();
    tasks.close();
  }

  @Test
  void closingTheOwnerCancelsItsTasksButNotDetachedOnes() throws Exception {
    TaskScope owner = TaskScope.open();
    Task bound = tasks.start("wait", null, StartOptions.defaults().owner(owner));
    Task detached = tasks.start("wait", null);
    Wait.until("both running", () -> bound.state() == TaskState.RUNNING && detached.state() == TaskState.RUNNING);
    assertEquals(1, owner.size());
    owner.close();
    TaskInfo done = Wait.done(bound);
    assertEquals(TaskState.CANCELLED, done.state());
    assertEquals("cancelled: its owner closed", done.error().message());
    assertEquals(TaskState.RUNNING, detached.state());
    assertFalse(owner.isOpen());
  }

  @Test
  void aDetachedTaskCanBeReattachedByIdAndWatchedFromAnEventId() throws Exception {
    TaskScope owner = TaskScope.open();
    Task task = tasks.start("wait", null, StartOptions.defaults().owner(owner));
    Wait.until("running", () -> task.state() == TaskState.RUNNING);
    task.detach();
    owner.close();
    Thread.sleep(50);
    assertEquals(TaskState.RUNNING, task.state(), "detached before the owner closed");

    Task again = tasks.get(task.id()).orElseThrow(); // a new connection, knowing only the id
    long seen = 1; // it had seen the queued event
    TaskWatch watch = again.watch(seen);
    release.countDown();
    assertEquals(List.of("running", "succeeded"), Wait.types(Wait.all(watch)));
  }

  @Test
  void aFinishedTaskLeavesItsOwner() throws Exception {
    TaskScope owner = TaskScope.open();
    Task task = tasks.start("wait", null, StartOptions.defaults().owner(owner));
    release.countDown();
    Wait.done(task);
    Wait.until("unbound", () -> owner.size() == 0);
  }

  @Test
  void aClosedOwnerRefusesNewTasks() {
    TaskScope owner = TaskScope.open();
    owner.close();
    assertThrows(IllegalStateException.class, () -> tasks.start("wait", null, StartOptions.defaults().owner(owner)));
    assertEquals(0, tasks.list(TaskQuery.all()).tasks().size());
  }

  @Test
  void anOwnerClosedByACallbackCancelsWhenTheCallbackFires() throws Exception {
    List<Runnable> closeCallbacks = new ArrayList<>(); // what a connection's onClose keeps
    TaskScope owner = TaskScope.closedBy(closeCallbacks::add);
    Task task = tasks.start("wait", null, StartOptions.defaults().owner(owner));
    Wait.until("running", () -> task.state() == TaskState.RUNNING);
    closeCallbacks.forEach(Runnable::run); // the connection closes
    assertEquals(TaskState.CANCELLED, Wait.done(task).state());
    TaskScope alreadyClosed = TaskScope.closedBy(Runnable::run); // a connection that is gone already
    assertFalse(alreadyClosed.isOpen());
  }

  @Test
  void closingTheOwnerCancelsQueuedTasksToo() throws Exception {
    tasks.register(TaskKind.blocking("one", Void.class, (task, none) -> {
      release.await();
      return null;
    }).limit(1, 5));
    TaskScope owner = TaskScope.open();
    Task running = tasks.start("one", null);
    Task queued = tasks.start("one", null, StartOptions.defaults().owner(owner));
    assertEquals(TaskState.QUEUED, queued.state());
    owner.close();
    assertEquals(TaskState.CANCELLED, Wait.done(queued).state());
    assertTrue(running.info().state() == TaskState.RUNNING || running.info().state() == TaskState.QUEUED);
  }
}
