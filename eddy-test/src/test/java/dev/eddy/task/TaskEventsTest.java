package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.client.SseClient;
import dev.eddy.client.SseEvent;
import dev.eddy.client.SseRefusedException;
import dev.eddy.test.EddyTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A task's events over SSE: replay then live, resume, the end of the stream, owner-bound tasks. */
class TaskEventsTest {
  private final Tasks tasks = Tasks.create();
  private final Semaphore steps = new Semaphore(0);

  TaskEventsTest() {
    // "steps": each of its 3 steps waits for a permit, so tests decide when it moves
    tasks.register(TaskKind.blocking("steps", Void.class, (task, none) -> {
      for (int i = 1; i <= 3; i++) {
        steps.acquire();
        task.progress(i, 3, "step " + i);
        task.emit("page", Map.of("n", i));
      }
      return Map.of("pages", 3);
    }));
    tasks.register(TaskKind.blocking("forever", Void.class, (task, none) -> {
      for (int i = 1; ; i++) {
        task.progress(i, 0);
        task.sleep(Duration.ofMillis(20));
      }
    }));
  }

  @AfterEach
  void close() {
    steps.release(100);
    tasks.close();
  }

  private App app() {
    return new App().use("/api/tasks", TaskApi.router(tasks));
  }

  @Test
  void theStreamReplaysThenFollowsLiveAndEndsAfterTheFinalEvent() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      Task task = tasks.start("steps", null);
      steps.release(); // step 1 happens before anyone watches
      Wait.until(() -> task.info().value() == 1);
      SseReader sse = SseReader.open(client, "/api/tasks/" + task.id() + "/events");
      assertEquals(200, sse.response.statusCode());
      assertEquals("text/event-stream; charset=utf-8", sse.response.headers().firstValue("Content-Type").orElseThrow());

      List<SseReader.Event> seen = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        seen.add(sse.next()); // replay: queued, running, progress 1, page 1
      }
      steps.release(2);
      seen.addAll(sse.all()); // live, then the stream ends
      assertEquals(List.of("queued", "running", "progress", "page", "progress", "page", "progress", "page", "succeeded"),
          SseReader.names(seen));
      assertEquals(Map.of("value", 1, "total", 3, "message", "step 1"), seen.get(2).json());
      assertEquals(Map.of("n", 3), seen.get(7).json());
      Map<String, Object> last = seen.get(8).json();
      assertEquals("succeeded", last.get("state"));
      assertEquals(Map.of("pages", 3), last.get("result"));
      for (int i = 0; i < seen.size(); i++) {
        assertEquals(i + 1, seen.get(i).id(), "SSE ids are the event ids");
      }
    });
  }

  @Test
  void aClientResumesAfterLastEventIdOrTheQueryParameterWithoutAGapOrADuplicate() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      Task task = tasks.start("steps", null);
      steps.release(3);
      Wait.done(task);
      String path = "/api/tasks/" + task.id() + "/events";
      List<SseReader.Event> all = SseReader.open(client, path).all();
      assertEquals(9, all.size());

      List<SseReader.Event> afterHeader = SseReader.open(client, client.request(path).header("Last-Event-ID", "5")).all();
      assertEquals(all.subList(5, 9), afterHeader);

      List<SseReader.Event> afterQuery = SseReader.open(client, path + "?lastEventId=7").all();
      assertEquals(all.subList(7, 9), afterQuery);

      List<SseReader.Event> headerWins = SseReader.open(client,
          client.request(path + "?lastEventId=2").header("Last-Event-ID", "8")).all();
      assertEquals(all.subList(8, 9), headerWins, "the header is newer than the URL's parameter");
    });
  }

  @Test
  void aClientThatSawTheFinalEventGets204AndABadIdGets400() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      Task task = tasks.start("steps", null);
      steps.release(3);
      TaskInfo done = Wait.done(task);
      String path = "/api/tasks/" + task.id() + "/events";
      var seenAll = client.send(client.request(path).header("Last-Event-ID", Long.toString(done.lastEventId())));
      assertEquals(204, seenAll.statusCode());
      var bad = client.send(client.request(path).header("Last-Event-ID", "abc"));
      assertEquals(400, bad.statusCode());
      assertTrue(bad.body().startsWith("Last-Event-ID must be an event id"), bad.body());
    });
  }

  @Test
  void anEventSourceLikeClientStopsReconnectingOnceTheTaskHasEnded() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      Task task = tasks.start("steps", null);
      List<SseEvent> got = java.util.Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Throwable> stopped = new CompletableFuture<>();
      try (SseClient sse = SseClient.builder(server.uri("/api/tasks/" + task.id() + "/events"))
          .reconnectDelay(Duration.ofMillis(50))
          .listener(new SseClient.Listener() {
            @Override
            public void onEvent(SseEvent e) {
              got.add(e);
              if (e.event().equals("running")) {
                steps.release(3);
              }
            }

            @Override
            public void onError(Throwable error) {
              if (error instanceof SseRefusedException) {
                stopped.complete(error);
              }
            }
          })
          .connect()) {
        Throwable refusal = stopped.get(10, TimeUnit.SECONDS);
        assertEquals(204, assertInstanceOf(SseRefusedException.class, refusal).status());
      }
      assertEquals("succeeded", got.get(got.size() - 1).event());
      assertEquals(9, got.size(), "reconnecting after the end replayed nothing");
    });
  }

  @Test
  void manyClientsWatchingOneTaskSeeTheSameEvents() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      Task task = tasks.start("steps", null);
      List<SseReader> readers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        readers.add(SseReader.open(client, "/api/tasks/" + task.id() + "/events"));
        steps.release(i == 2 ? 1 : 0); // some join before step 1, some after
      }
      steps.release(2);
      List<SseReader.Event> reference = SseReader.open(client, "/api/tasks/" + Wait.done(task).id() + "/events").all();
      for (SseReader r : readers) {
        assertEquals(reference, r.all());
      }
    });
  }

  @Test
  void closingTheEventStreamCancelsATaskBoundToIt() throws Exception {
    App app = new App();
    app.sse("/run/:kind", client -> {
      TaskScope scope = TaskScope.closedBy(client::onClose);
      Task task = tasks.start(client.context().param("kind"), null, StartOptions.defaults().owner(scope));
      TaskApi.stream(task, client);
    });
    EddyTest.run(app, (server, client) -> {
      String id;
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.getOutputStream().write("GET /run/forever HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        id = readTaskIdAndFirstProgress(in);
      } // the browser tab closes
      Task task = tasks.get(id).orElseThrow();
      TaskInfo done = Wait.done(task);
      assertEquals(TaskState.CANCELLED, done.state());
      assertEquals("cancelled: its owner closed", done.error().message());
    });
  }

  @Test
  void closingTheEventStreamOfADetachedTaskLeavesItRunning() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      Task task = tasks.start("forever", null);
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.getOutputStream().write(("GET /api/tasks/" + task.id() + "/events HTTP/1.1\r\nHost: t\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        readTaskIdAndFirstProgress(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)));
      }
      long before = task.info().value();
      Wait.until(() -> task.info().value() > before + 2);
      assertEquals(TaskState.RUNNING, task.state());
      // and a new connection re-attaches from an event id
      SseReader again = SseReader.open(client, client.request("/api/tasks/" + task.id() + "/events").header("Last-Event-ID", "2"));
      SseReader.Event next = again.next();
      assertEquals("progress", next.event());
      assertTrue(next.id() > 2);
      task.cancel();
      SseReader.Event last = null;
      for (SseReader.Event e; (e = again.next()) != null; ) {
        last = e;
      }
      assertNotNull(last);
      assertEquals("cancelled", last.event());
    });
  }

  @Test
  void aClientThatStopsReadingIsDisconnectedWhileTheTaskGoesOn() throws Exception {
    InMemoryTaskStore store = InMemoryTaskStore.builder().build();
    try (Tasks chatty = Tasks.builder().store(store).build()) {
      chatty.register(TaskKind.blocking("flood", Void.class, (task, none) -> {
        String block = "x".repeat(8 * 1024);
        for (int i = 0; !task.cancelled(); i++) {
          task.emit("block", block); // 8 KiB a time, far more than the client takes
          if (i % 8 == 0) { // still ~64 MB/s, but leaves the CPU to the server on a loaded machine
            task.sleep(Duration.ofMillis(1));
          }
        }
        return null;
      }));
      App app = new App().use("/api/tasks", TaskApi.router(chatty, dev.eddy.sse.SseOptions.defaults().maxQueuedBytes(64 * 1024)));
      EddyTest.run(app, (server, client) -> {
        Task task = chatty.start("flood", null);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
          s.setReceiveBufferSize(16 * 1024);
          s.getOutputStream().write(("GET /api/tasks/" + task.id() + "/events HTTP/1.1\r\nHost: t\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          Wait.until(() -> store.record(task.id()).watcherCount() == 1);
          // the client reads nothing; the server drops it once 64 KiB wait for it, and its watch ends
          Wait.until(() -> store.record(task.id()).watcherCount() == 0);
        }
        assertEquals(TaskState.RUNNING, task.state(), "the task does not depend on its watchers");
        task.cancel();
        assertEquals(TaskState.CANCELLED, Wait.done(task).state());
      });
    }
  }

  /** Reads a raw SSE response until its first progress event; returns the task id from the queued event. */
  private static String readTaskIdAndFirstProgress(BufferedReader in) throws Exception {
    assertTrue(in.readLine().startsWith("HTTP/1.1 200"));
    String id = null;
    for (String line; (line = in.readLine()) != null; ) {
      if (line.startsWith("data: {\"id\":") && id == null) {
        id = (String) SseReader.JSON.readValue(line.substring(6), Map.class).get("id");
      }
      if (line.equals("event: progress")) {
        return id;
      }
    }
    throw new AssertionError("the stream ended before any progress");
  }

  @Test
  void unknownTasksAre404BeforeAnyStreamOpens() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      var r = client.get("/api/tasks/nope/events");
      assertEquals(404, r.statusCode());
      assertNull(r.headers().firstValue("Content-Type").filter(ct -> ct.startsWith("text/event-stream")).orElse(null));
    });
  }

  /** Waits for a condition, failing instead of hanging. */
  private static final class Wait {
    static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!condition.getAsBoolean()) {
        assertTrue(System.nanoTime() < deadline, "timed out waiting");
        Thread.sleep(2);
      }
    }

    static TaskInfo done(Task task) throws Exception {
      return task.await(Duration.ofSeconds(10));
    }
  }

}
