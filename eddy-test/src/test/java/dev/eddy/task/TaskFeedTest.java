package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.client.SseClient;
import dev.eddy.client.SseEvent;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store-wide feed, {@code GET /api/tasks/events}: a snapshot of the newest tasks, then
 * batches of changes coalesced per task, shared by every client; a fresh snapshot on reconnect;
 * forgotten tasks; a fresh snapshot in place when the store missed changes; slow clients cut off;
 * refusals.
 */
class TaskFeedTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final Tasks tasks = Tasks.builder().store(InMemoryTaskStore.builder().retainAtMost(50).build()).build();
  private final Semaphore steps = new Semaphore(0);

  TaskFeedTest() {
    // "steps": 3 steps, each waiting for a permit, so a test decides when it moves
    tasks.register(TaskKind.blocking("steps", Void.class, (task, none) -> {
      for (int i = 1; i <= 3; i++) {
        steps.acquire();
        task.progress(i, 3, "step " + i);
      }
      return Map.of("big", "x".repeat(10_000));
    }));
    // "count": n progress reports as fast as it can, with a 1 ms pause every 1,000
    tasks.register(TaskKind.blocking("count", Integer.class, (task, n) -> {
      for (int i = 1; i <= n; i++) {
        task.progress(i, n);
        if (i % 1000 == 0) {
          Thread.sleep(1);
        }
      }
      return n;
    }));
    tasks.register(TaskKind.blocking("say", String.class, (task, message) -> {
      task.progress(1, 1, message);
      return null;
    }));
  }

  @AfterEach
  void close() {
    steps.release(10_000);
    tasks.close();
  }

  private App app() {
    return new App().use("/api/tasks", TaskApi.router(tasks));
  }

  private static TaskInfo done(Task task) throws Exception {
    return task.await(PATIENCE);
  }

  /** Feed is one client of the feed, reading events with bounded waits. */
  private static final class Feed implements AutoCloseable {
    final SseClient sse;

    Feed(TestServer server, String query) {
      this.sse = SseClient.builder(server.uri("/api/tasks/events" + query)).reconnectDelay(Duration.ofMillis(100)).connect();
    }

    Feed(TestServer server) {
      this(server, "");
    }

    /** The next event, which must be named {@code name}, as JSON. */
    Map<String, Object> next(String name) throws InterruptedException {
      SseEvent e = sse.next(PATIENCE);
      assertNotNull(e, "no '" + name + "' event came within " + PATIENCE);
      assertEquals(name, e.event(), "event name; data: " + e.data());
      assertTrue(e.id() == null || e.id().isEmpty(), "the feed sends no event ids, got " + e.id());
      return json(e.data());
    }

    @Override
    public void close() {
      sse.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) {
    return SseReader.JSON.readValue(text, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tasksOf(Map<String, Object> event) {
    return (List<Map<String, Object>>) event.get("tasks");
  }

  private static long lastEventId(Map<String, Object> task) {
    return ((Number) task.get("lastEventId")).longValue();
  }

  /** View is what a dashboard would show: the snapshot, then each task's newest state. */
  private static final class View {
    final Map<String, Map<String, Object>> byId = new HashMap<>();

    void snapshot(Map<String, Object> event) {
      byId.clear();
      tasksOf(event).forEach(this::merge);
    }

    @SuppressWarnings("unchecked")
    void changes(Map<String, Object> event) {
      Set<String> once = new HashSet<>();
      for (Map<String, Object> t : tasksOf(event)) {
        assertTrue(once.add((String) t.get("id")), "a batch has each task once: " + t.get("id"));
        merge(t);
      }
      ((List<String>) event.get("forgotten")).forEach(byId::remove);
    }

    void merge(Map<String, Object> t) {
      byId.merge((String) t.get("id"), t, (a, b) -> lastEventId(b) > lastEventId(a) ? b : a);
    }

    boolean shows(TaskInfo info) {
      Map<String, Object> t = byId.get(info.id());
      return t != null && t.get("state").equals(info.state().wireName()) && lastEventId(t) == info.lastEventId()
          && ((Number) t.get("value")).longValue() == info.value();
    }
  }

  @Test
  void theFeedStartsWithASnapshotOfTheNewestTasksNewestFirstWithoutResults() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      List<Task> started = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Task t = tasks.start("steps", null);
        started.add(t);
      }
      steps.release(15);
      for (Task t : started) {
        done(t);
      }
      Task said = tasks.start("say", "é".repeat(900));
      done(said);

      try (Feed feed = new Feed(server, "?limit=4")) {
        Map<String, Object> snapshot = feed.next("snapshot");
        assertEquals(4, snapshot.get("limit"));
        assertTrue(((String) snapshot.get("now")).endsWith("Z"), "the server's clock, for durations: " + snapshot.get("now"));
        List<Map<String, Object>> shown = tasksOf(snapshot);
        assertEquals(List.of(said.id(), started.get(4).id(), started.get(3).id(), started.get(2).id()),
            shown.stream().map(t -> t.get("id")).toList(), "the newest 4, newest first");
        Map<String, Object> first = shown.get(1);
        assertEquals("steps", first.get("kind"));
        assertEquals("succeeded", first.get("state"));
        assertEquals(3, first.get("value"));
        assertEquals(3, first.get("total"));
        assertEquals("step 3", first.get("message"));
        assertEquals(started.get(4).info().lastEventId(), lastEventId(first));
        assertFalse(first.containsKey("result"), "results are not sent: GET /api/tasks/:id has them");
        String message = (String) shown.get(0).get("message");
        assertEquals(TaskFeed.MAX_TEXT, message.length(), "long messages are cut");
        assertTrue(message.startsWith("éé") && message.endsWith("\u2026"));
      }
    });
  }

  @Test
  void changesFollowLiveWithTheLatestStateOfEachTaskThatChanged() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (Feed feed = new Feed(server)) {
        assertEquals(List.of(), tasksOf(feed.next("snapshot")));
        Task task = tasks.start("steps", null);
        View view = new View();
        List<String> states = new ArrayList<>();
        while (!view.shows(task.info()) || !task.info().isFinished()) {
          Map<String, Object> changes = feed.next("changes");
          view.changes(changes);
          for (Map<String, Object> t : tasksOf(changes)) {
            states.add(t.get("state") + " " + t.get("value"));
          }
          if (states.contains("running 0") || states.contains("running 1") || states.contains("running 2")) {
            steps.release(); // one step per batch seen, so each step is its own change
          }
        }
        assertEquals("succeeded 3", states.get(states.size() - 1));
        assertTrue(states.contains("running 1") && states.contains("running 2"), "each step came live: " + states);
        Map<String, Object> last = view.byId.get(task.id());
        assertEquals("step 3", last.get("message"));
        assertTrue(last.get("endedAt") instanceof String);
        assertFalse(last.containsKey("result"));
      }
    });
  }

  @Test
  void aFastTaskIsCoalescedIntoAtMostOneBatchPerInterval() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (Feed feed = new Feed(server)) {
        feed.next("snapshot");
        int steps = 300_000;
        Task task = tasks.start("count", steps);
        View view = new View();
        int batches = 0;
        long firstAt = 0;
        long lastValue = -1;
        while (!view.shows(task.info()) || !task.info().isFinished()) {
          Map<String, Object> changes = feed.next("changes");
          if (batches++ == 0) {
            firstAt = System.nanoTime();
          }
          view.changes(changes);
          long value = ((Number) view.byId.get(task.id()).get("value")).longValue();
          assertTrue(value >= lastValue, "progress only moves forward");
          lastValue = value;
        }
        long spanMillis = (System.nanoTime() - firstAt) / 1_000_000;
        assertEquals(steps, lastValue);
        assertEquals("succeeded", view.byId.get(task.id()).get("state"));
        long bound = spanMillis / TaskRoutes.FEED_INTERVAL.toMillis() + 3;
        assertTrue(batches <= bound, batches + " batches in " + spanMillis + " ms; at most one per "
            + TaskRoutes.FEED_INTERVAL.toMillis() + " ms expected");
        assertTrue(batches < steps / 1000, "300,000 progress reports became " + batches + " batches");
      }
    });
  }

  @Test
  void everyClientEndsWithEveryTasksFinalStateHoweverLateItJoins() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      List<Task> started = new ArrayList<>();
      List<Feed> feeds = new ArrayList<>();
      List<View> views = new ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) {
          started.add(tasks.start("count", 200_000));
          if (i % 2 == 0) { // clients join while tasks start and run
            feeds.add(new Feed(server));
            views.add(new View());
          }
        }
        for (Task t : started) {
          done(t);
        }
        for (int c = 0; c < feeds.size(); c++) {
          Feed feed = feeds.get(c);
          View view = views.get(c);
          view.snapshot(feed.next("snapshot"));
          while (!started.stream().allMatch(t -> view.shows(t.info()))) {
            view.changes(feed.next("changes"));
          }
          assertEquals(20, view.byId.size(), "client " + c);
        }
      } finally {
        feeds.forEach(Feed::close);
      }
    });
  }

  @Test
  void aClientThatReconnectsGetsAFreshSnapshotWhateverIdItSends() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      Task running = tasks.start("steps", null);
      try (Feed feed = new Feed(server)) {
        Map<String, Object> t = tasksOf(feed.next("snapshot")).get(0);
        assertTrue(Set.of("queued", "running").contains(t.get("state")));
      }
      steps.release(3); // it finishes while nobody watches
      done(running);
      Task later = tasks.start("say", "hello");
      done(later);

      SseReader again = SseReader.open(client, client.request("/api/tasks/events").header("Last-Event-ID", "3"));
      assertEquals(200, again.response.statusCode());
      assertEquals("text/event-stream; charset=utf-8", again.response.headers().firstValue("Content-Type").orElseThrow());
      SseReader.Event snapshot = again.next();
      assertEquals("snapshot", snapshot.event());
      assertEquals(-1, snapshot.id(), "no id: a browser's EventSource keeps none and reconnects for a snapshot");
      List<Map<String, Object>> shown = tasksOf(snapshot.json());
      assertEquals(List.of(later.id(), running.id()), shown.stream().map(x -> x.get("id")).toList());
      assertEquals("succeeded", shown.get(1).get("state"));
      assertEquals("hello", shown.get(0).get("message"));
      again.response.body().close();
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void forgottenTasksAreAnnounced() throws Exception {
    try (Tasks small = Tasks.builder().store(InMemoryTaskStore.builder().retainAtMost(1).build()).build()) {
      small.register(TaskKind.blocking("n", Integer.class, (task, n) -> n));
      EddyTest.run(new App().use("/api/tasks", TaskApi.router(small)), (server, client) -> {
        try (Feed feed = new Feed(server)) {
          feed.next("snapshot");
          Task first = small.start("n", 1);
          done(first);
          Task second = small.start("n", 2);
          done(second);
          View view = new View();
          List<String> forgotten = new ArrayList<>();
          while (forgotten.isEmpty() || !view.shows(second.info())) {
            Map<String, Object> changes = feed.next("changes");
            view.changes(changes);
            forgotten.addAll((List<String>) changes.get("forgotten"));
          }
          assertEquals(List.of(first.id()), forgotten);
          assertEquals(Set.of(second.id()), view.byId.keySet());
        }
      });
    }
  }

  /**
   * Lossy is an in-memory store whose listeners can be made deaf, as a shared store's are while its
   * connection is down, and told they missed changes, as one says once it is back.
   */
  private static final class Lossy implements TaskStore {
    final InMemoryTaskStore store = InMemoryTaskStore.builder().build();
    final List<TaskListener> listeners = new CopyOnWriteArrayList<>();
    volatile boolean deaf;

    void missed() {
      listeners.forEach(TaskListener::missed);
    }

    @Override
    public TaskListener.Registration listen(TaskListener listener) {
      TaskListener.Registration r = store.listen(new TaskListener() {
        @Override
        public void changed(TaskInfo task, TaskEvent event) {
          if (!deaf) {
            listener.changed(task, event);
          }
        }

        @Override
        public void closed() {
          listener.closed();
        }
      });
      listeners.add(listener);
      return () -> {
        listeners.remove(listener);
        r.close();
      };
    }

    @Override
    public TaskEvent create(TaskInfo task) {
      return store.create(task);
    }

    @Override
    public TaskEvent append(String taskId, TaskUpdate update) {
      return store.append(taskId, update);
    }

    @Override
    public Optional<TaskInfo> get(String taskId) {
      return store.get(taskId);
    }

    @Override
    public TaskPage list(TaskQuery query) {
      return store.list(query);
    }

    @Override
    public Optional<TaskWatch> watch(String taskId, long afterId, WatchOptions options,
        Consumer<TaskEvent> onEvent) {
      return store.watch(taskId, afterId, options, onEvent);
    }

    @Override
    public void close() {
      store.close();
    }
  }

  @Test
  void whenTheStoreMissedChangesEveryClientGetsAFreshSnapshotOnItsOpenStream() throws Exception {
    Lossy lossy = new Lossy();
    try (Tasks shared = Tasks.builder().store(lossy).build()) {
      shared.register(TaskKind.blocking("say", String.class, (task, message) -> {
        task.progress(1, 1, message);
        return null;
      }));
      EddyTest.run(new App().use("/api/tasks", TaskApi.router(shared)), (server, client) -> {
        AtomicInteger opens = new AtomicInteger();
        List<BlockingQueue<SseEvent>> inboxes = new ArrayList<>();
        List<SseClient> clients = new ArrayList<>();
        for (String query : new String[] {"", "?limit=1"}) {
          BlockingQueue<SseEvent> inbox = new LinkedBlockingQueue<>();
          inboxes.add(inbox);
          clients.add(SseClient.builder(server.uri("/api/tasks/events" + query)).reconnectDelay(Duration.ofMillis(100))
              .listener(new SseClient.Listener() {
                @Override
                public void onOpen() {
                  opens.incrementAndGet();
                }

                @Override
                public void onEvent(SseEvent event) {
                  inbox.add(event);
                }
              }).connect());
        }
        try {
          for (var inbox : inboxes) {
            assertEquals("snapshot", poll(inbox).event());
          }
          Task heard = shared.start("say", "heard");
          done(heard);
          for (var inbox : inboxes) {
            View view = new View();
            while (!view.shows(heard.info())) {
              SseEvent e = poll(inbox);
              assertEquals("changes", e.event());
              view.changes(json(e.data()));
            }
          }
          lossy.deaf = true; // the store's connection is down: this task's changes never reach the feed
          Task lost = shared.start("say", "lost");
          done(lost);
          lossy.deaf = false;
          lossy.missed(); // back, and the store says what it can't vouch for

          List<Object> full = null;
          List<Object> one = null;
          for (int i = 0; i < inboxes.size(); i++) {
            SseEvent e = poll(inboxes.get(i));
            assertEquals("snapshot", e.event(), "a fresh snapshot, not a change: " + e.data());
            List<Object> ids = tasksOf(json(e.data())).stream().map(t -> t.get("id")).toList();
            if (i == 0) {
              full = ids;
            } else {
              one = ids;
            }
          }
          assertEquals(List.of(lost.id(), heard.id()), full, "the task whose changes were lost is there");
          assertEquals(List.of(lost.id()), one, "each client's own limit");
          assertEquals(2, opens.get(), "on the streams already open: no reconnection");

          Task after = shared.start("say", "after");
          done(after);
          View view = new View();
          while (!view.shows(after.info())) {
            SseEvent e = poll(inboxes.get(0));
            assertEquals("changes", e.event());
            view.changes(json(e.data()));
          }
        } finally {
          clients.forEach(SseClient::close);
        }
      });
    }
  }

  private static SseEvent poll(BlockingQueue<SseEvent> inbox) throws InterruptedException {
    SseEvent e = inbox.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(e, "no event within " + PATIENCE);
    return e;
  }

  @Test
  void badLimitsAre400AndAClosedManager503() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      for (String limit : new String[] {"0", "1001", "x", "-1"}) {
        var r = client.get("/api/tasks/events?limit=" + limit);
        assertEquals(400, r.statusCode(), limit);
        assertTrue(r.body().contains("limit"), r.body());
      }
      tasks.close();
      assertEquals(503, client.get("/api/tasks/events").statusCode());
    });
  }

  @Test
  void closingTheManagerEndsEveryFeed() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      SseReader feed = SseReader.open(client, "/api/tasks/events");
      assertEquals("snapshot", feed.next().event());
      tasks.close();
      assertNull(feed.next(), "the stream ended");
    });
  }

  @Test
  void aClientTooSlowForItsBoundIsCutOffWhileOthersKeepUp() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (Socket slow = new Socket(); Feed fast = new Feed(server)) {
        slow.setReceiveBufferSize(4096);
        slow.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        slow.setSoTimeout((int) PATIENCE.toMillis());
        OutputStream out = slow.getOutputStream();
        out.write("GET /api/tasks/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = slow.getInputStream();
        fast.next("snapshot");

        // 500 tasks with long messages, each changing 20 times a second: a full batch every 100 ms
        String message = "m".repeat(TaskFeed.MAX_TEXT - 10);
        tasks.register(TaskKind.blocking("chatty", Void.class, (task, none) -> {
          for (long i = 1; ; i++) {
            task.progress(i, 0, message + i);
            task.sleep(Duration.ofMillis(50));
          }
        }));
        List<Task> chatty = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          chatty.add(tasks.start("chatty", null));
        }
        // the fast client reads 16 MB (several times the slow one's bound and its kernel buffers)
        long fastRead = 0;
        while (fastRead < 16L << 20) {
          SseEvent e = fast.sse.next(PATIENCE);
          assertNotNull(e, "the fast client is served after " + fastRead + " bytes");
          fastRead += e.data().length();
        }
        chatty.forEach(Task::cancel);
        // the slow one gets what was queued and in the kernel for it, then the end: it was cut off
        byte[] buf = new byte[65536];
        long slowRead = 0;
        for (int n; (n = in.read(buf)) >= 0; ) { // a stream still open would time out here
          slowRead += n;
        }
        assertTrue(slowRead < fastRead / 2, "the slow client got a bounded share: " + slowRead + " of " + fastRead);
        fast.next("changes"); // and the fast one is still served
      }
    });
  }
}
