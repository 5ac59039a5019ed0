package dev.eddy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eddy.App;
import dev.eddy.client.SseClient;
import dev.eddy.client.SseEvent;
import dev.eddy.client.WebSocketClient;
import dev.eddy.client.WsMessage;
import dev.eddy.task.TaskApi;
import dev.eddy.task.TaskDashboard;
import dev.eddy.task.TaskKind;
import dev.eddy.task.TaskSocket;
import dev.eddy.task.TaskState;
import dev.eddy.task.Tasks;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestServer;
import io.lettuce.core.RedisException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The task front ends of two Eddy apps sharing one Redis, each with the HTTP API, the dashboard and
 * the WebSocket: a task started through one instance's API is live in the other's dashboard feed
 * and cancelled through the other's API; the feed takes a fresh snapshot in place when Redis comes
 * back empty; a detached task started on one instance's socket is re-attached on the other's with
 * no gap and no duplicate.
 */
class RedisTaskFrontEndsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static RedisServer server;
  private static int prefixes;

  private final List<AutoCloseable> open = new ArrayList<>();
  private Tasks a;
  private Tasks b;

  record Count(int n) {}

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @BeforeEach
  void instances() {
    String prefix = "frontends" + (++prefixes) + ":";
    a = instance(prefix);
    b = instance(prefix);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Tasks instance(String prefix) {
    Redis redis = Redis.builder(server.url()).commandTimeout(Duration.ofMillis(500)).connect();
    open.add(redis);
    Tasks tasks = Tasks.builder().store(RedisTaskStore.builder(redis).prefix(prefix).build())
        .shutdownGrace(Duration.ofSeconds(2)).build();
    open.add(tasks);
    tasks.register(TaskKind.blocking("forever", Void.class, (task, none) -> {
      for (int i = 1; ; i++) {
        task.progress(i, 0, "step " + i);
        task.sleep(Duration.ofMillis(20));
      }
    }));
    tasks.register(TaskKind.blocking("counted", Count.class, (task, args) -> {
      for (int i = 1; i <= args.n(); i++) {
        task.progress(i, args.n());
        task.emit("tick", Map.of("n", i));
        task.sleep(Duration.ofMillis(2));
      }
      return args.n();
    }));
    return tasks;
  }

  private static App app(Tasks tasks) {
    App app = new App();
    app.use("/api/tasks", TaskApi.router(tasks));
    app.use("/tasks", TaskDashboard.router(tasks, "/api/tasks"));
    app.ws("/api/tasks/ws", TaskSocket.handler(tasks));
    return app;
  }

  @Test
  void aTaskStartedThroughOneInstanceIsLiveInTheOthersFeedAndCancelledThroughIt() throws Exception {
    EddyTest.run(app(a), (serverA, clientA) -> EddyTest.run(app(b), (serverB, clientB) -> {
      assertEquals(200, clientB.get("/tasks/").statusCode(), "B serves the dashboard");
      try (Feed feed = new Feed(serverB)) {
        assertEquals(List.of(), tasksOf(feed.next("snapshot")));

        HttpResponse<String> started = clientA.postJson("/api/tasks/forever", "");
        assertEquals(202, started.statusCode(), started.body());
        String id = (String) json(started.body()).get("id");
        Map<String, Object> live = feed.until(id, t -> "running".equals(t.get("state")) && number(t, "value") >= 3);
        assertEquals("forever", live.get("kind"));

        HttpResponse<String> cancelled = clientB.send(clientB.request("/api/tasks/" + id).DELETE());
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertEquals("cancelled", json(cancelled.body()).get("state"));
        assertEquals(TaskState.CANCELLED, a.get(id).orElseThrow().await(PATIENCE).state(), "it ended on A, which ran it");
        feed.until(id, t -> "cancelled".equals(t.get("state")));
        assertEquals(1, feed.opens.get(), "one connection throughout");
      }
    }));
  }

  @Test
  void theFeedTakesAFreshSnapshotOnItsOpenStreamWhenRedisComesBackEmpty() throws Exception {
    EddyTest.run(app(a), (serverA, clientA) -> EddyTest.run(app(b), (serverB, clientB) -> {
      try (Feed feed = new Feed(serverB)) {
        feed.next("snapshot");
        String before = (String) json(clientA.postJson("/api/tasks/counted", "{\"n\": 3}").body()).get("id");
        feed.until(before, t -> "succeeded".equals(t.get("state")));

        server.restart(); // empty: the tasks are gone, and so is what the feed was following
        List<Map<String, Object>> fresh = tasksOf(feed.next("snapshot"));
        assertTrue(fresh.stream().noneMatch(t -> before.equals(t.get("id"))), "the lost task is gone from the page: " + fresh);

        String after = startWhenRedisIsBack(a);
        feed.until(after, t -> "succeeded".equals(t.get("state")));
        assertEquals(1, feed.opens.get(), "resynced on the same stream, without reconnecting");
      }
    }));
  }

  @Test
  void aDetachedTaskStartedOnOneInstancesSocketIsReattachedOnTheOthersWithNoGapAndNoDuplicate() throws Exception {
    EddyTest.run(app(a), (serverA, clientA) -> EddyTest.run(app(b), (serverB, clientB) -> {
      int n = 200;
      List<Map<String, Object>> seen = new ArrayList<>();
      String id;
      try (Socket first = new Socket(serverA)) {
        first.send("start", "kind", "counted", "args", Map.of("n", n), "bound", false);
        id = (String) first.next("started").get("id");
        while (seen.size() < 40) { // some way into the task, while it keeps emitting
          seen.add(first.next());
        }
      }
      long after = eventId(seen.get(seen.size() - 1));
      assertEquals(TaskState.RUNNING, b.get(id).orElseThrow().state(), "still running when the first socket left");
      try (Socket second = new Socket(serverB)) {
        second.send("watch", "id", id, "after", after);
        assertEquals("complete", second.next("watching").get("resume"));
        for (Map<String, Object> m = second.next(); ; m = second.next()) {
          seen.add(m);
          if ("succeeded".equals(m.get("type"))) {
            break;
          }
        }
      }
      List<Integer> ticks = new ArrayList<>();
      long last = 0;
      for (Map<String, Object> e : seen) {
        assertTrue(eventId(e) > last, "event ids only grow: " + eventId(e) + " after " + last);
        last = eventId(e);
        if ("tick".equals(e.get("type"))) {
          ticks.add(((Number) ((Map<?, ?>) e.get("data")).get("n")).intValue());
        }
      }
      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        expected.add(i);
      }
      assertEquals(expected, ticks, "every tick exactly once, in order, across the two instances");
      assertEquals(n, ((Number) seen.get(seen.size() - 1).get("result")).intValue());
    }));
  }

  /** Feed is a client of an instance's {@code GET /api/tasks/events}, counting its connections. */
  private final class Feed implements AutoCloseable {
    final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    final AtomicInteger opens = new AtomicInteger();
    final SseClient sse;
    final Map<String, Map<String, Object>> latest = new HashMap<>();

    Feed(TestServer instance) {
      sse = SseClient.builder(instance.uri("/api/tasks/events")).reconnectDelay(Duration.ofMillis(100))
          .listener(new SseClient.Listener() {
            @Override
            public void onOpen() {
              opens.incrementAndGet();
            }

            @Override
            public void onEvent(SseEvent event) {
              events.add(event);
            }
          }).connect();
    }

    /** The next event, which must be named {@code name}, as JSON. */
    Map<String, Object> next(String name) throws InterruptedException {
      for (;;) {
        SseEvent e = events.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, "no '" + name + "' event within " + PATIENCE);
        Map<String, Object> data = json(e.data());
        if (e.event().equals(name)) {
          return data;
        }
        assertEquals("changes", e.event(), "only changes come between: " + e.data());
      }
    }

    /** Reads changes until task {@code id}'s newest state matches; returns that state. */
    Map<String, Object> until(String id, Predicate<Map<String, Object>> state) throws InterruptedException {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      for (;;) {
        Map<String, Object> t = latest.get(id);
        if (t != null && state.test(t)) {
          return t;
        }
        SseEvent e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (e == null) {
          fail("task " + id + " did not reach the expected state in the feed within " + PATIENCE + "; last: " + t);
        }
        for (Map<String, Object> task : tasksOf(json(e.data()))) {
          Map<String, Object> known = latest.get((String) task.get("id"));
          if (known == null || number(task, "lastEventId") > number(known, "lastEventId")) {
            latest.put((String) task.get("id"), task);
          }
        }
      }
    }

    @Override
    public void close() {
      sse.close();
    }
  }

  /** Socket is a client of an instance's task WebSocket, JSON both ways, every wait bounded. */
  private static final class Socket implements AutoCloseable {
    final WebSocketClient ws;

    Socket(TestServer instance) throws Exception {
      ws = WebSocketClient.builder(URI.create("ws://127.0.0.1:" + instance.port() + "/api/tasks/ws")).connect();
      assertEquals("ready", next().get("type"));
    }

    void send(String type, Object... fields) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", type);
      for (int i = 0; i < fields.length; i += 2) {
        m.put((String) fields[i], fields[i + 1]);
      }
      ws.sendJson(m).orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
    }

    Map<String, Object> next() throws InterruptedException {
      WsMessage m = ws.receive(PATIENCE);
      assertNotNull(m, "no message within " + PATIENCE);
      return json(assertInstanceOf(WsMessage.Text.class, m).text());
    }

    Map<String, Object> next(String type) throws InterruptedException {
      Map<String, Object> m = next();
      assertEquals(type, m.get("type"), "expected a " + type + " message, got " + m);
      return m;
    }

    @Override
    public void close() {
      ws.close();
    }
  }

  /** Starts a "counted" task once Redis answers again (starting fails while it doesn't), boundedly. */
  private static String startWhenRedisIsBack(Tasks tasks) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    for (;;) {
      try {
        return tasks.start("counted", new Count(3)).id();
      } catch (RedisException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(100);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) {
    return JSON.readValue(text, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tasksOf(Map<String, Object> event) {
    return (List<Map<String, Object>>) event.get("tasks");
  }

  private static long number(Map<String, Object> m, String field) {
    return ((Number) m.get(field)).longValue();
  }

  private static long eventId(Map<String, Object> m) {
    return number(m, "eventId");
  }
}
