package dev.eddy.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eddy.task.Task;
import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskInfo;
import dev.eddy.task.TaskKind;
import dev.eddy.task.TaskListener;
import dev.eddy.task.TaskState;
import dev.eddy.task.TaskStore;
import dev.eddy.task.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TaskListenerContract is the {@link TaskStore#listen} contract as tests every store runs: tasks
 * run by a manager on one store, and the listener sits on a peer (another instance sharing the
 * store's tasks: the store itself in memory, another process's store for Redis), so a shared store
 * proves that a listener hears tasks run elsewhere. Delivery may be asynchronous, so every check
 * waits, boundedly.
 */
public abstract class TaskListenerContract {
  protected static final Duration PATIENCE = Duration.ofSeconds(10);
  private final List<Tasks> managers = new ArrayList<>();
  private final List<TaskStore> peers = new ArrayList<>();

  /** A new store, empty as far as its listeners can tell, keeping at most {@code retainAtMost} finished tasks. */
  protected abstract TaskStore newStore(int retainAtMost) throws Exception;

  /** Another instance sharing {@code store}'s tasks and rules (the store itself when there is one process). */
  protected abstract TaskStore peerOf(TaskStore store) throws Exception;

  /** How many progress reports each of the many tasks makes at once (fewer for a store with a round trip each). */
  protected int reportsPerTask() {
    return 1000;
  }

  /**
   * Whether the store promises each task's changes in event id order. The in-memory store does not
   * (two threads changing one task at once reach a listener in either order); a shared store that
   * delivers from one ordered stream does.
   */
  protected boolean deliversEachTaskInOrder() {
    return false;
  }

  /** Recorder keeps what a listener heard, from any thread. */
  public static class Recorder implements TaskListener {
    public final List<TaskInfo> infos = Collections.synchronizedList(new ArrayList<>());
    public final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
    public final List<String> forgotten = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger missed = new AtomicInteger();
    public final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void changed(TaskInfo task, TaskEvent event) {
      synchronized (infos) {
        infos.add(task);
        events.add(event);
      }
    }

    @Override
    public void forgotten(String taskId) {
      forgotten.add(taskId);
    }

    @Override
    public void missed() {
      missed.incrementAndGet();
    }

    @Override
    public void closed() {
      closed.countDown();
    }

    /** The types of the events heard for one task, in the order heard. */
    public List<String> typesOf(String taskId) {
      List<String> out = new ArrayList<>();
      for (TaskEvent e : eventsOf(taskId)) {
        out.add(e.type());
      }
      return out;
    }

    /** The events heard for one task, in the order heard. */
    public List<TaskEvent> eventsOf(String taskId) {
      synchronized (infos) {
        List<TaskEvent> out = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
          if (infos.get(i).id().equals(taskId)) {
            out.add(events.get(i));
          }
        }
        return out;
      }
    }
  }

  /** A manager on {@code store}, with the contract's kinds: "steps", "count" (n reports) and "n" (returns n). */
  protected final Tasks manager(TaskStore store) {
    Tasks tasks = Tasks.builder().store(store).shutdownGrace(Duration.ofSeconds(2)).build();
    managers.add(tasks);
    tasks.register(TaskKind.blocking("steps", Void.class, (task, none) -> {
      task.progress(1, 2, "half");
      task.emit("note", Map.of("n", 1));
      task.progress(2, 2);
      return "done";
    }));
    tasks.register(TaskKind.blocking("count", Integer.class, (task, n) -> {
      for (int i = 1; i <= n; i++) {
        task.progress(i, n);
      }
      return n;
    }).limit(64, 100));
    tasks.register(TaskKind.blocking("n", Integer.class, (task, n) -> {
      task.progress(1, 1);
      return n;
    }));
    return tasks;
  }

  private TaskStore peer(TaskStore store) throws Exception {
    TaskStore p = peerOf(store);
    peers.add(p);
    return p;
  }

  /** Closes what the stores were built on (connections); called after every manager and peer closed. */
  protected void closeBackends() throws Exception {}

  @AfterEach
  void closeAll() throws Exception {
    for (Tasks t : managers) {
      t.close();
    }
    for (TaskStore p : peers) {
      p.close();
    }
    closeBackends();
  }

  @Test
  public void everyChangeOfATaskRunElsewhereComesWithTheSnapshotRightAfterIt() throws Exception {
    TaskStore store = newStore(1000);
    Tasks tasks = manager(store);
    Recorder heard = new Recorder();
    peer(store).listen(heard);
    Task task = tasks.start("steps", null);
    task.await(PATIENCE);
    until("the final change", () -> heard.typesOf(task.id()).contains("succeeded"));

    assertEquals(List.of("queued", "running", "progress", "note", "progress", "succeeded"), heard.typesOf(task.id()));
    List<TaskInfo> infos = List.copyOf(heard.infos);
    for (int i = 0; i < infos.size(); i++) {
      assertEquals(heard.events.get(i).id(), infos.get(i).lastEventId(), "the snapshot is the one right after its event");
    }
    assertEquals(TaskState.QUEUED, infos.get(0).state());
    assertEquals("half", infos.get(2).message());
    assertEquals("{\"n\":1}", heard.events.get(3).data());
    TaskInfo last = infos.get(infos.size() - 1);
    assertEquals(TaskState.SUCCEEDED, last.state());
    assertEquals("\"done\"", last.result());
    assertEquals(last.toJson(), heard.events.get(heard.events.size() - 1).data(), "a state event carries the task");
    assertEquals(task.info(), last);
  }

  @Test
  public void manyTasksReportingAtOnceAreAllHeardAndTheNewestSnapshotWins() throws Exception {
    TaskStore store = newStore(1000);
    Tasks tasks = manager(store);
    int reports = reportsPerTask();
    Map<String, TaskInfo> newest = new ConcurrentHashMap<>();
    Map<String, List<Long>> ids = new ConcurrentHashMap<>();
    AtomicInteger changes = new AtomicInteger();
    peer(store).listen((info, event) -> {
      changes.incrementAndGet();
      ids.computeIfAbsent(info.id(), id -> Collections.synchronizedList(new ArrayList<>())).add(event.id());
      newest.merge(info.id(), info, (a, b) -> b.lastEventId() > a.lastEventId() ? b : a);
    });
    List<Task> started = new ArrayList<>();
    for (int t = 0; t < 50; t++) {
      started.add(tasks.start("count", reports));
    }
    for (Task t : started) {
      t.await(PATIENCE);
    }
    until("every change", () -> changes.get() == 50 * (3 + reports));
    for (Task t : started) {
      assertEquals(t.info(), newest.get(t.id()), "keeping the highest lastEventId gives the final snapshot");
      if (deliversEachTaskInOrder()) {
        List<Long> heard = List.copyOf(ids.get(t.id()));
        for (int i = 0; i < heard.size(); i++) {
          assertEquals(i + 1, heard.get(i), "task " + t.id() + "'s changes in event id order");
        }
      }
    }
  }

  @Test
  public void forgottenTasksAreReportedAfterTheStoreLetGoOfThem() throws Exception {
    TaskStore store = newStore(1);
    Tasks tasks = manager(store);
    TaskStore peer = peer(store);
    Map<String, Boolean> keptWhenHeard = new ConcurrentHashMap<>();
    Recorder heard = new Recorder() {
      @Override
      public void forgotten(String taskId) {
        keptWhenHeard.put(taskId, peer.get(taskId).isPresent());
        super.forgotten(taskId);
      }
    };
    peer.listen(heard);
    Task first = tasks.start("n", 1);
    first.await(PATIENCE);
    Task second = tasks.start("n", 2);
    second.await(PATIENCE);
    until("the first forgotten", () -> heard.forgotten.contains(first.id()));
    assertEquals(List.of(first.id()), heard.forgotten);
    assertEquals(Map.of(first.id(), false), keptWhenHeard);
    assertTrue(peer.get(second.id()).isPresent(), "the newest finished task is kept");
  }

  @Test
  public void aClosedRegistrationHearsNothingMore() throws Exception {
    TaskStore store = newStore(1000);
    Tasks tasks = manager(store);
    TaskStore peer = peer(store);
    Recorder heard = new Recorder();
    Recorder barrier = new Recorder(); // stays registered: once it heard a change, the closed one would have too
    TaskListener.Registration registration = peer.listen(heard);
    peer.listen(barrier);
    Task first = tasks.start("n", 1);
    first.await(PATIENCE);
    until("four changes", () -> heard.typesOf(first.id()).size() == 4);
    registration.close();
    registration.close();
    Task second = tasks.start("n", 2);
    second.await(PATIENCE);
    until("the barrier heard the second task end", () -> barrier.typesOf(second.id()).contains("succeeded"));
    assertEquals(4, heard.events.size());
  }

  @Test
  public void aListenerThatThrowsBreaksNeitherTheTaskNorOtherListeners() throws Exception {
    TaskStore store = newStore(1000);
    Tasks tasks = manager(store);
    TaskStore peer = peer(store);
    peer.listen((info, event) -> {
      throw new IllegalStateException("listener bug");
    });
    Recorder heard = new Recorder();
    peer.listen(heard);
    Task task = tasks.start("n", 7);
    assertEquals(TaskState.SUCCEEDED, task.await(PATIENCE).state());
    until("every change", () -> heard.typesOf(task.id()).size() == 4);
  }

  @Test
  public void closingTheStoreTellsItsListenersAndRefusesNewOnes() throws Exception {
    TaskStore store = newStore(1000);
    manager(store);
    TaskStore peer = peer(store);
    Recorder heard = new Recorder();
    peer.listen(heard);
    peer.close();
    assertTrue(heard.closed.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "closed() came");
    assertThrows(IllegalStateException.class, () -> peer.listen(new Recorder()));
  }

  /** Waits until {@code condition} holds, polling; fails after {@link #PATIENCE}. */
  protected static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting until " + what);
      }
      Thread.sleep(2);
    }
  }
}
