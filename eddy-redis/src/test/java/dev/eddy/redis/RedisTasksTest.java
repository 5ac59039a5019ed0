package dev.eddy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.task.Task;
import dev.eddy.task.TaskApi;
import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskInfo;
import dev.eddy.task.TaskKind;
import dev.eddy.task.TaskQuery;
import dev.eddy.task.TaskState;
import dev.eddy.task.TaskWatch;
import dev.eddy.task.Tasks;
import dev.eddy.test.EddyTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tasks on two instances sharing a Redis task store: a task started on one is listed, watched,
 * resumed and cancelled from the other, and the other fails it when its owner stops renewing its
 * lease.
 */
class RedisTasksTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private RedisServer server;
  private final List<Redis> connections = new ArrayList<>();
  private final List<Tasks> managers = new ArrayList<>();
  private final List<RedisTaskStore> stores = new ArrayList<>();

  @BeforeEach
  void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterEach
  void stopAll() {
    for (Tasks t : managers) {
      t.close();
    }
    for (Redis r : connections) {
      r.close();
    }
    server.close();
  }

  /** An instance: its own connection, store and manager, with the demo kinds. */
  private Tasks instance() {
    Redis redis = Redis.connect(server.url());
    connections.add(redis);
    RedisTaskStore store = RedisTaskStore.builder(redis).lease(Duration.ofSeconds(1)).sweepEvery(Duration.ofMillis(200)).build();
    Tasks tasks = Tasks.builder().store(store).shutdownGrace(Duration.ofSeconds(2)).build();
    tasks.register(TaskKind.blocking("count", Integer.class, (task, n) -> {
      for (int i = 1; i <= n; i++) {
        task.progress(i, n);
        if (i % 10 == 0) {
          task.emit("tick", Map.of("i", i));
        }
        task.sleep(Duration.ofMillis(5));
      }
      return n;
    }));
    tasks.register(TaskKind.blocking("forever", Void.class, (task, none) -> {
      while (true) {
        task.progress(1, 0, "waiting");
        task.sleep(Duration.ofMinutes(10));
      }
    }));
    managers.add(tasks);
    stores.add(store);
    return tasks;
  }

  @Test
  void aTaskStartedOnOneInstanceIsListedWatchedAndCancelledFromTheOther() throws Exception {
    Tasks a = instance();
    Tasks b = instance();
    Task started = a.start("forever", null);
    Task seen = b.get(started.id()).orElseThrow();
    assertEquals("forever", seen.kind());
    assertTrue(b.list(TaskQuery.all()).tasks().stream().anyMatch(t -> t.id().equals(started.id())), "listed on the other");

    try (TaskWatch watch = seen.watch(0)) {
      assertEquals(TaskEvent.QUEUED, next(watch).type());
      assertEquals(TaskEvent.RUNNING, next(watch).type());
      assertEquals(TaskEvent.PROGRESS, next(watch).type());
      assertTrue(seen.cancel(), "the cancel is on its way to the owner");
      TaskInfo done = seen.await(Duration.ofSeconds(1)); // the owner stops it within a second
      assertEquals(TaskState.CANCELLED, done.state());
      assertEquals(TaskEvent.CANCELLED, next(watch).type());
      assertEquals(TaskWatch.End.FINISHED, watch.end().orElseThrow());
    }
    assertEquals(TaskState.CANCELLED, started.info().state());
    assertFalse(seen.cancel(), "a finished task can't be cancelled again");
  }

  @Test
  void aWatcherResumesOnAnotherInstanceWithoutLossOrDuplicates() throws Exception {
    Tasks a = instance();
    Tasks b = instance();
    Task task = a.start("count", 200);
    List<TaskEvent> seen = new ArrayList<>();
    try (TaskWatch first = task.watch(0)) {
      while (seen.size() < 8) {
        seen.add(next(first));
      }
    }
    long last = seen.get(seen.size() - 1).id();
    try (TaskWatch resumed = b.get(task.id()).orElseThrow().watch(last)) {
      assertEquals(TaskWatch.Resume.COMPLETE, resumed.resume());
      for (TaskEvent e = next(resumed); ; e = next(resumed)) {
        seen.add(e);
        if (e.isFinal()) {
          break;
        }
      }
    }
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i).id() > seen.get(i - 1).id(), "ids only increase: " + seen.get(i - 1) + " then " + seen.get(i));
    }
    assertEquals(20, seen.stream().filter(e -> e.type().equals("tick")).count(), "every custom event once");
    assertEquals(TaskEvent.SUCCEEDED, seen.get(seen.size() - 1).type());
    assertEquals(200, b.get(task.id()).orElseThrow().result(Integer.class));
  }

  @Test
  void theTasksOfAnInstanceThatStopsRenewingItsLeaseAreFailedByTheOthers() throws Exception {
    Tasks a = instance();
    Tasks b = instance();
    RedisTaskStore storeOfA = storeOf(a);
    Task running = a.start("forever", null);
    awaitState(b, running.id(), TaskState.RUNNING);

    storeOfA.haltLeaseForTest(); // as if A's process had died: no renewal, no goodbye

    TaskInfo lost = awaitState(b, running.id(), TaskState.FAILED);
    assertEquals(RedisTaskStore.LOST_OWNER, lost.error().code());
    assertTrue(lost.error().message().contains("lease"), lost.error().message());
    // A, still alive, learns at its next write that the task is over, and stops running it.
    assertEquals(TaskState.FAILED, running.await(PATIENCE).state());
  }

  @Test
  void overHttpATaskStartedOnOneServerStreamsAndIsCancelledOnTheOther() throws Exception {
    Tasks a = instance();
    Tasks b = instance();
    App appA = new App();
    appA.use("/api/tasks", TaskApi.router(a));
    App appB = new App();
    appB.use("/api/tasks", TaskApi.router(b));
    EddyTest.run(appA, (serverA, clientA) -> EddyTest.run(appB, (serverB, clientB) -> {
      HttpResponse<String> started = clientA.postJson("/api/tasks/forever", "");
      assertEquals(202, started.statusCode());
      String id = started.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
      assertEquals(200, clientB.get("/api/tasks/" + id).statusCode());

      HttpResponse<Stream<String>> events = clientB.http().send(clientB.request("/api/tasks/" + id + "/events")
          .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, events.statusCode());
      Thread reader = Thread.ofVirtual().start(() -> events.body().anyMatch(line -> line.equals("event: cancelled")));

      HttpResponse<String> cancelled = clientB.send(clientB.request("/api/tasks/" + id).DELETE());
      assertEquals(200, cancelled.statusCode(), cancelled.body());
      assertTrue(cancelled.body().contains("\"state\":\"cancelled\""), cancelled.body());
      assertTrue(reader.join(PATIENCE), "the stream on B saw the cancelled event and ended");
      assertEquals(409, clientA.send(clientA.request("/api/tasks/" + id).DELETE()).statusCode());
    }));
  }

  private RedisTaskStore storeOf(Tasks tasks) {
    return stores.get(managers.indexOf(tasks));
  }

  private static TaskInfo awaitState(Tasks tasks, String id, TaskState state) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    TaskInfo info = null;
    while (System.nanoTime() < deadline) {
      info = tasks.get(id).orElseThrow().info();
      if (info.state() == state) {
        return info;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("task " + id + " did not become " + state + " in " + PATIENCE + ": " + info);
  }

  private static TaskEvent next(TaskWatch watch) throws InterruptedException {
    TaskEvent e = watch.poll(PATIENCE);
    assertNotNull(e, "no event within " + PATIENCE + " on " + watch);
    return e;
  }
}
