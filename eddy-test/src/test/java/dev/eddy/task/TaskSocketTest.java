package dev.eddy.task;

import static dev.eddy.task.TaskPeer.eventId;
import static dev.eddy.task.TaskPeer.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket task API: every message type both ways, bound and detached tasks, re-attaching
 * with no gap and no duplicate while the task runs, errors as codes, cleanup when sockets close.
 */
class TaskSocketTest {
  private static final Duration QUIET = Duration.ofMillis(200);

  record Count(int n) {}

  private final Tasks tasks = Tasks.create();
  private final Semaphore steps = new Semaphore(0);
  private final Semaphore limitedGate = new Semaphore(0);
  private final TaskSocket socket = TaskSocket.builder(tasks).maxWatches(3).build();

  TaskSocketTest() {
    // "steps": each of its 3 steps waits for a permit, so tests decide when it moves
    tasks.register(TaskKind.blocking("steps", Void.class, (task, none) -> {
      for (int i = 1; i <= 3; i++) {
        steps.acquire();
        task.progress(i, 3, "step " + i);
        task.emit("page", Map.of("n", i));
      }
      return Map.of("pages", 3);
    }));
    // "counted": n ticks, each a progress event and a custom one, with a pause between
    tasks.register(TaskKind.blocking("counted", Count.class, (task, args) -> {
      for (int i = 1; i <= args.n(); i++) {
        task.progress(i, args.n());
        task.emit("tick", Map.of("n", i));
        task.sleep(Duration.ofMillis(1));
      }
      return args.n();
    }).validate(c -> {
      if (c.n() < 1 || c.n() > 400) {
        throw new IllegalArgumentException("n must be 1 to 400, got " + c.n());
      }
    }));
    // "forever-async": an async body that only ends when cancelled
    tasks.register(TaskKind.async("forever-async", Void.class, (task, none) -> {
      CompletableFuture<Object> never = new CompletableFuture<>();
      task.progress(1, 0);
      return never;
    }));
    // "forever": a blocking body polling its stop flag, as in the seed
    tasks.register(TaskKind.blocking("forever", Void.class, (task, none) -> {
      for (int i = 1; !task.cancelled(); i++) {
        task.progress(i, 0);
        Thread.sleep(5);
      }
      return null;
    }));
    tasks.register(TaskKind.blocking("limited", Void.class, (task, none) -> {
      limitedGate.acquire();
      return null;
    }).limit(1, 0));
    tasks.register(TaskKind.blocking("fails", Void.class, (task, none) -> {
      throw new TaskException("broken", "It broke on purpose");
    }));
  }

  @AfterEach
  void close() {
    steps.release(100);
    limitedGate.release(100);
    tasks.close();
  }

  private App app() {
    return new App().ws("/tasks", socket);
  }

  @Test
  void theGreetingListsTheKinds() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (var ws = dev.eddy.client.WebSocketClient.connect(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/tasks"))) {
        String ready = ((dev.eddy.client.WsMessage.Text) ws.receive(TaskPeer.WAIT)).text();
        assertEquals("{\"type\":\"ready\",\"kinds\":[\"counted\",\"fails\",\"forever\",\"forever-async\",\"limited\",\"steps\"]}", ready);
      }
    });
  }

  @Test
  void startIsAnsweredWithStartedThenTheTasksEventsUpToTheFinalOne() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (TaskPeer peer = TaskPeer.open(server, "/tasks")) {
        peer.send("start", "kind", "steps", "ref", "r1");
        Map<String, Object> started = peer.next("started");
        String id = (String) started.get("id");
        assertEquals("r1", started.get("ref"));
        assertEquals(true, started.get("bound"));
        @SuppressWarnings("unchecked")
        Map<String, Object> snapshot = (Map<String, Object>) started.get("task");
        assertEquals(id, snapshot.get("id"));
        assertEquals("steps", snapshot.get("kind"));
        steps.release(3);
        List<Map<String, Object>> events = peer.untilFinal(id);
        // every event of the task, from the first, in order
        assertEquals(List.of("queued", "running", "progress", "page", "progress", "page", "progress", "page", "succeeded"), types(events));
        long last = 0;
        for (Map<String, Object> e : events) {
          assertEquals(id, e.get("id"));
          assertTrue(eventId(e) > last, "ids increase: " + events);
          last = eventId(e);
        }
        assertEquals(1L, eventId(events.getFirst()));
        Map<String, Object> firstProgress = events.stream().filter(e -> e.get("type").equals("progress")).findFirst().orElseThrow();
        assertEquals(1, firstProgress.get("value"));
        assertEquals(3, firstProgress.get("total"));
        assertEquals("step 1", firstProgress.get("message"));
        Map<String, Object> page = events.stream().filter(e -> e.get("type").equals("page")).findFirst().orElseThrow();
        assertEquals(Map.of("n", 1), page.get("data"));
        Map<String, Object> done = events.getLast();
        assertEquals("succeeded", done.get("type"));
        assertEquals(Map.of("pages", 3), done.get("result"));
        assertEquals(tasks.get(id).orElseThrow().info().lastEventId(), eventId(done));
        peer.expectNothing(QUIET);
      }
    });
  }

  @Test
  void aFailedTaskEndsWithItsErrorAndAStopWithCancelled() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (TaskPeer peer = TaskPeer.open(server, "/tasks")) {
        peer.send("start", "kind", "fails");
        String failing = (String) peer.next("started").get("id");
        Map<String, Object> failed = peer.untilFinal(failing).getLast();
        assertEquals("failed", failed.get("type"));
        assertEquals(Map.of("code", "broken", "message", "It broke on purpose"), failed.get("error"));

        for (String kind : List.of("forever", "forever-async")) {
          peer.send("start", "kind", kind);
          String id = (String) peer.next("started").get("id");
          peer.until("progress");
          peer.send("cancel", "id", id, "ref", 7);
          List<Map<String, Object>> rest = peer.untilFinal(id);
          Map<String, Object> cancelling = rest.stream().filter(m -> "cancelling".equals(m.get("type"))).findFirst().orElseThrow();
          assertEquals(7, cancelling.get("ref"));
          assertEquals(id, cancelling.get("id"));
          Map<String, Object> cancelled = rest.getLast();
          assertEquals("cancelled", cancelled.get("type"), kind);
          assertEquals("cancelled", ((Map<?, ?>) cancelled.get("error")).get("code"));
          assertEquals(TaskState.CANCELLED, tasks.get(id).orElseThrow().state());
        }
      }
    });
  }

  @Test
  void refusedRequestsAreAnsweredWithTheHttpApisCodesAndTheSocketStays() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (TaskPeer peer = TaskPeer.open(server, "/tasks")) {
        assertError(peer.send("start", "kind", "nope", "ref", "a"), 404, "No task kind 'nope'", "a");
        assertError(peer.send("start", "kind", "counted", "args", Map.of("n", 0)), 400, "n must be 1 to 400, got 0", null);
        assertError(peer.send("start", "kind", "counted", "args", Map.of("n", "many")), 400, "n", null);
        assertError(peer.send("start", "kind", "counted"), 400, "needs JSON arguments", null);
        assertError(peer.send("start", "kind", "steps", "args", Map.of("x", 1)), 400, "takes no arguments", null);
        assertError(peer.send("start"), 400, "\"start\" needs a \"kind\"", null);
        assertError(peer.send("start", "kind", "steps", "bound", "yes"), 400, "\"bound\" must be true or false", null);
        assertError(peer.send("start", "kind", "steps", "ref", Map.of()), 400, "\"ref\" must be a string or a number", null);
        assertError(peer.send("watch", "id", "nope"), 404, "No task 'nope'", null);
        assertError(peer.send("watch"), 400, "\"watch\" needs an \"id\"", null);
        assertError(peer.send("cancel", "id", "nope", "ref", 3), 404, "No task 'nope'", 3);
        assertError(peer.send("shout"), 400, "Unknown message type \"shout\"", null);
        peer.ws.sendText("start").join();
        assertEquals(400, peer.next("error").get("code"));

        Task done = tasks.start("fails", null);
        done.await(TaskPeer.WAIT);
        assertError(peer.send("watch", "id", done.id(), "after", -1), 400, "\"after\" must be an event id", null);
        assertError(peer.send("watch", "id", done.id(), "after", 1.5), 400, "\"after\" must be an event id", null);
        assertError(peer.send("cancel", "id", done.id()), 409, "has already finished: failed", null);

        peer.send("start", "kind", "limited");
        peer.next("started");
        assertError(peer.send("start", "kind", "limited"), 429, "", null);

        peer.send("start", "kind", "steps");
        assertEquals("started", peer.nextReply().get("type"), "the socket still serves requests");
      }
    });
  }

  private static void assertError(TaskPeer peer, int code, String fragment, Object ref) throws InterruptedException {
    Map<String, Object> e = peer.nextReply(); // past events of tasks started earlier in the test
    assertEquals("error", e.get("type"), e.toString());
    assertEquals(code, e.get("code"), e.toString());
    assertTrue(((String) e.get("error")).contains(fragment), e.toString());
    assertEquals(ref, e.get("ref"), e.toString());
  }

  @Test
  void aBoundTaskIsCancelledWhenItsSocketClosesAndADetachedOneRunsOn() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      String bound;
      String detached;
      try (TaskPeer peer = TaskPeer.open(server, "/tasks")) {
        peer.send("start", "kind", "forever");
        bound = (String) peer.next("started").get("id");
        peer.send("start", "kind", "forever", "bound", false);
        Map<String, Object> started = peer.until("started").getLast();
        assertEquals(false, started.get("bound"));
        detached = (String) started.get("id");
      }
      TaskInfo ended = tasks.get(bound).orElseThrow().await(TaskPeer.WAIT);
      assertEquals(TaskState.CANCELLED, ended.state());
      assertTrue(ended.error().message().contains("its owner closed"), ended.error().message());
      assertEquals(TaskState.RUNNING, tasks.get(detached).orElseThrow().state(), "the detached task runs on");
      try (TaskPeer other = TaskPeer.open(server, "/tasks")) {
        other.send("cancel", "id", detached);
        other.next("cancelling");
      }
      assertEquals(TaskState.CANCELLED, tasks.get(detached).orElseThrow().await(TaskPeer.WAIT).state());
    });
  }

  @Test
  void aDetachedTaskIsReattachedFromAnotherSocketWithNoGapAndNoDuplicate() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      int n = 400;
      List<Map<String, Object>> seen = new ArrayList<>();
      String id;
      try (TaskPeer first = TaskPeer.open(server, "/tasks")) {
        first.send("start", "kind", "counted", "args", Map.of("n", n), "bound", false);
        id = (String) first.next("started").get("id");
        while (seen.size() < 60) { // some way into the task, while it keeps emitting
          seen.add(first.next());
        }
      }
      long after = eventId(seen.getLast());
      assertTrue(tasks.get(id).orElseThrow().state() == TaskState.RUNNING, "still running when the first socket left");
      try (TaskPeer second = TaskPeer.open(server, "/tasks")) {
        second.send("watch", "id", id, "after", after, "ref", "again");
        Map<String, Object> watching = second.next("watching");
        assertEquals("complete", watching.get("resume"));
        assertEquals("again", watching.get("ref"));
        seen.addAll(second.untilFinal(id));
      }
      List<Integer> ticks = new ArrayList<>();
      long last = 0;
      for (Map<String, Object> e : seen) {
        assertTrue(eventId(e) > last, "event ids only grow: " + eventId(e) + " after " + last);
        last = eventId(e);
        if (e.get("type").equals("tick")) {
          ticks.add((Integer) ((Map<?, ?>) e.get("data")).get("n"));
        }
      }
      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        expected.add(i);
      }
      assertEquals(expected, ticks, "every tick exactly once, in order");
      assertEquals("succeeded", seen.getLast().get("type"));
      assertEquals(n, seen.getLast().get("result"));
    });
  }

  @Test
  void watchingAFinishedTaskReplaysItsEndAndWatchingPastItSendsOnlyTheSnapshot() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      Task task = tasks.start("steps", null);
      steps.release(3);
      TaskInfo done = task.await(TaskPeer.WAIT);
      try (TaskPeer peer = TaskPeer.open(server, "/tasks")) {
        peer.send("watch", "id", task.id());
        assertEquals("complete", peer.next("watching").get("resume"));
        List<Map<String, Object>> all = peer.untilFinal(task.id());
        assertEquals(List.of("queued", "running", "progress", "page", "progress", "page", "progress", "page", "succeeded"), types(all));

        peer.send("watch", "id", task.id(), "after", done.lastEventId());
        Map<String, Object> watching = peer.next("watching");
        assertEquals("succeeded", ((Map<?, ?>) watching.get("task")).get("state"), "the snapshot tells the end");
        peer.expectNothing(QUIET);

        peer.send("watch", "id", task.id(), "after", 10_000);
        assertEquals("unknown", peer.next("watching").get("resume"));
        assertEquals("queued", peer.next().get("type"), "an id beyond the log replays all of it");
      }
    });
  }

  @Test
  void unwatchIsAnsweredAfterTheLastEventAndWatchingAgainStartsOver() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (TaskPeer peer = TaskPeer.open(server, "/tasks")) {
        peer.send("start", "kind", "forever", "bound", false);
        String id = (String) peer.next("started").get("id");
        peer.until("progress");
        peer.send("unwatch", "id", id, "ref", "u");
        Map<String, Object> unwatched = peer.until("unwatched").getLast();
        assertEquals("u", unwatched.get("ref"));
        peer.expectNothing(QUIET); // the task runs on, but nothing of it comes any more
        assertEquals(TaskState.RUNNING, tasks.get(id).orElseThrow().state());
        Wait.until(() -> socket.watches() == 0);

        peer.send("watch", "id", id, "after", 0);
        peer.next("watching");
        assertEquals("queued", peer.next().get("type"));
        peer.send("watch", "id", id, "after", 0); // watching again starts over, with one watch
        List<Map<String, Object>> upTo = peer.until("watching");
        for (int i = 0; i < upTo.size() - 1; i++) {
          assertTrue(upTo.get(i).containsKey("eventId"), "only events of the old watch before the reply");
        }
        assertEquals("queued", peer.next().get("type"));
        assertEquals(1, socket.watches());
        peer.send("cancel", "id", id);
        assertEquals("cancelled", peer.untilFinal(id).getLast().get("type"));
        peer.send("unwatch", "id", id);
        peer.next("unwatched"); // unwatching what isn't watched is fine
      }
    });
  }

  @Test
  void watchesEndWhenTheSocketClosesAndASocketWatchesAtMostItsLimit() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      Task shared = tasks.start("forever", null);
      try (TaskPeer peer = TaskPeer.open(server, "/tasks"); TaskPeer other = TaskPeer.open(server, "/tasks")) {
        peer.send("start", "kind", "forever", "bound", false);
        String own = (String) peer.next("started").get("id");
        peer.send("watch", "id", shared.id());
        peer.until("watching");
        other.send("watch", "id", shared.id());
        other.next("watching");
        peer.send("start", "kind", "forever", "bound", false);
        String third = (String) peer.until("started").getLast().get("id");
        assertError(peer.send("watch", "id", own + "x"), 404, "No task", null);
        Task fourth = tasks.start("forever", null);
        assertError(peer.send("watch", "id", fourth.id()), 429, "already watches 3 tasks", null);
        assertError(peer.send("start", "kind", "forever"), 429, "already watches 3 tasks", null);
        Wait.until(() -> socket.watches() == 4);
        assertEquals(2, socket.connections());
        assertEquals(2, record(shared).watcherCount());
        peer.ws.abort(); // no closing handshake: the server notices the dead connection
        Wait.until(() -> socket.connections() == 1);
        assertEquals(1, socket.watches());
        assertEquals(1, record(shared).watcherCount(), "the other socket still watches");
        assertEquals(0, record(tasks.get(own).orElseThrow()).watcherCount());
        assertEquals(0, record(tasks.get(third).orElseThrow()).watcherCount());
      }
      Wait.until(() -> socket.connections() == 0);
      assertEquals(0, socket.watches());
      assertEquals(0, record(shared).watcherCount());
    });
  }

  private TaskRecord record(Task task) {
    return ((InMemoryTaskStore) tasks.store()).record(task.id());
  }

  @Test
  void aSlowReaderGetsEveryEventTheLogKeepsInOrderAndTheEnd() throws Exception {
    Tasks slowTasks = Tasks.builder().store(InMemoryTaskStore.builder().maxEvents(200).build()).build();
    String chunk = "x".repeat(8 * 1024);
    int count = 3000;
    slowTasks.register(TaskKind.blocking("flood", Void.class, (task, none) -> {
      for (int i = 1; i <= count; i++) {
        task.progress(i, count);
        task.emit("chunk", Map.of("n", i, "text", chunk));
      }
      return count;
    }));
    TaskSocket slowSocket = TaskSocket.builder(slowTasks).watchOptions(WatchOptions.defaults().capacity(8)).build();
    try {
      EddyTest.run(new App().ws("/tasks", slowSocket), (server, client) -> {
        try (TaskPeer peer = TaskPeer.open(server, "/tasks", 1)) {
          peer.send("start", "kind", "flood", "bound", false);
          String id = (String) peer.next("started").get("id");
          Task task = slowTasks.get(id).orElseThrow();
          assertEquals(TaskState.SUCCEEDED, task.await(TaskPeer.WAIT).state(), "the task does not wait for its watcher");
          List<Map<String, Object>> got = peer.untilFinal(id);
          long last = 0;
          int chunks = 0;
          boolean gap = false;
          for (Map<String, Object> m : got) {
            if (!m.containsKey("eventId")) {
              assertEquals("watching", m.get("type"), "only a resume notice besides events: " + m.get("type"));
              assertEquals("gap", m.get("resume"));
              gap = true;
              continue;
            }
            assertTrue(eventId(m) > last, "in order, no duplicate");
            last = eventId(m);
            chunks += m.get("type").equals("chunk") ? 1 : 0;
          }
          assertTrue(gap, "the queue overflowed and the log had dropped events: the client is told");
          assertTrue(chunks < count, "a slow reader does not get everything queued for it: " + chunks);
          assertEquals("succeeded", got.getLast().get("type"));
          assertEquals(count, got.getLast().get("result"));
          assertNull(peer.ws.closed().getNow(null), "the socket stays open");
        }
      });
    } finally {
      slowTasks.close();
    }
  }

  @Test
  void closingTheTasksEndsTheWatchesAndRefusesStartsWith503() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (TaskPeer peer = TaskPeer.open(server, "/tasks")) {
        peer.send("start", "kind", "forever", "bound", false);
        String id = (String) peer.next("started").get("id");
        peer.until("progress");
        tasks.close();
        Map<String, Object> last;
        do {
          last = peer.next();
        } while (!(id.equals(last.get("id")) && (TaskPeer.isFinal(last) || "error".equals(last.get("type")))));
        // the final event, unless the store closed before the watch wrote it: then an error says so
        assertTrue("cancelled".equals(last.get("type")) || Integer.valueOf(503).equals(last.get("code")), last.toString());
        Wait.until(() -> socket.watches() == 0);
        assertError(peer.send("start", "kind", "forever"), 503, "closed", null);
      }
    });
  }

  private static final class Wait {
    static void until(BooleanSupplier condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!condition.getAsBoolean()) {
        assertTrue(System.nanoTime() < deadline, "timed out waiting");
        Thread.sleep(2);
      }
    }
  }

  @Test
  void closedSocketsLeaveNothingBehind() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        try (TaskPeer peer = TaskPeer.open(server, "/tasks")) {
          peer.send("start", "kind", "forever");
          ids.add((String) peer.next("started").get("id"));
        }
      }
      Wait.until(() -> socket.connections() == 0);
      assertEquals(0, socket.watches());
      for (String id : ids) {
        Task task = tasks.get(id).orElseThrow();
        assertEquals(TaskState.CANCELLED, task.await(TaskPeer.WAIT).state());
        assertEquals(0, record(task).watcherCount());
      }
    });
  }
}
