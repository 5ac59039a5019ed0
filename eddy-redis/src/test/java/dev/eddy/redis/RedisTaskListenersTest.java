package dev.eddy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eddy.contract.TaskListenerContract.Recorder;
import dev.eddy.task.Task;
import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskInfo;
import dev.eddy.task.TaskKind;
import dev.eddy.task.TaskListener;
import dev.eddy.task.TaskState;
import dev.eddy.task.Tasks;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners of a Redis task store beyond the shared contract: what they get on their own thread,
 * long results and payloads, tasks forgotten by age on whichever instance sweeps, nothing written
 * while nobody listens, a listener too slow for the change stream, and Redis restarting under them
 * (they are told they missed changes, then hear on).
 */
class RedisTaskListenersTest {
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static RedisServer server;
  private static int prefixes;

  private final List<AutoCloseable> open = new ArrayList<>();
  private String prefix;

  @BeforeAll
  static void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @BeforeEach
  void newPrefix() {
    prefix = "listeners" + (++prefixes) + ":";
  }

  @AfterEach
  void closeAll() throws Exception {
    server.resume();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Redis connect() {
    Redis r = Redis.builder(server.url()).commandTimeout(Duration.ofMillis(500)).connect();
    open.add(r);
    return r;
  }

  private RedisTaskStore store(RedisTaskStore.Builder builder) {
    RedisTaskStore s = builder.prefix(prefix).lease(Duration.ofSeconds(1)).sweepEvery(Duration.ofMillis(200)).build();
    open.add(s);
    return s;
  }

  private Tasks manager(RedisTaskStore store) {
    Tasks tasks = Tasks.builder().store(store).shutdownGrace(Duration.ofSeconds(2)).build();
    open.add(tasks);
    tasks.register(TaskKind.blocking("big", Integer.class, (task, chars) -> {
      task.emit("blob", Map.of("text", "b".repeat(chars)));
      return "r".repeat(chars);
    }));
    tasks.register(TaskKind.blocking("count", Integer.class, (task, n) -> {
      for (int i = 1; i <= n; i++) {
        task.progress(i, n);
      }
      return n;
    }).limit(16, 100));
    tasks.register(TaskKind.blocking("n", Integer.class, (task, n) -> n));
    return tasks;
  }

  @Test
  void listenersAreCalledOnTheStoresOwnThreadAndGetLongResultsAndPayloadsWhole() throws Exception {
    Tasks a = manager(store(RedisTaskStore.builder(connect())));
    RedisTaskStore b = store(RedisTaskStore.builder(connect()));
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Recorder heard = new Recorder() {
      @Override
      public void changed(TaskInfo task, TaskEvent event) {
        threads.add(Thread.currentThread().getName() + (Thread.currentThread().isVirtual() ? " (virtual)" : ""));
        super.changed(task, event);
      }
    };
    b.listen(heard);
    int chars = 40_000; // far past what a change carries inline: read back from the task's hash and log
    Task task = a.start("big", chars);
    assertEquals(TaskState.SUCCEEDED, task.await(PATIENCE).state());
    until("the final change", () -> heard.typesOf(task.id()).contains("succeeded"));

    List<TaskEvent> events = heard.eventsOf(task.id());
    assertEquals(List.of("queued", "running", "blob", "succeeded"), heard.typesOf(task.id()));
    assertEquals("{\"text\":\"" + "b".repeat(chars) + "\"}", events.get(2).data(), "the long payload, whole");
    TaskInfo last = heard.infos.get(heard.infos.size() - 1);
    assertEquals("\"" + "r".repeat(chars) + "\"", last.result(), "the long result, whole");
    assertEquals(last.toJson(), events.get(3).data());
    assertEquals(Set.of("eddy-redis-task-listeners (virtual)"), threads, "never the reader or Lettuce's threads");
  }

  @Test
  void tasksForgottenByAgeAreHeardOnEveryInstanceOnce() throws Exception {
    RedisTaskStore.Builder shortLived = RedisTaskStore.builder(connect()).retainFor(Duration.ofMillis(300));
    Tasks a = manager(store(shortLived));
    RedisTaskStore b = store(RedisTaskStore.builder(connect()).retainFor(Duration.ofMillis(300)));
    RedisTaskStore c = store(RedisTaskStore.builder(connect()).retainFor(Duration.ofMillis(300)));
    Recorder onB = new Recorder();
    Recorder onC = new Recorder();
    b.listen(onB);
    c.listen(onC);
    Task task = a.start("n", 1);
    task.await(PATIENCE);
    until("B heard it forgotten", () -> onB.forgotten.contains(task.id()));
    until("C heard it forgotten", () -> onC.forgotten.contains(task.id()));
    Thread.sleep(500); // three instances sweep every 200 ms: still once each
    assertEquals(List.of(task.id()), onB.forgotten);
    assertEquals(List.of(task.id()), onC.forgotten);
    assertTrue(b.get(task.id()).isEmpty());
    assertTrue(b.list(dev.eddy.task.TaskQuery.all()).tasks().isEmpty(), "gone from the listing too");
  }

  @Test
  void nothingIsWrittenToTheChangeStreamWhileNoInstanceListens() throws Exception {
    Tasks a = manager(store(RedisTaskStore.builder(connect())));
    a.start("count", 50).await(PATIENCE);
    assertEquals(":0", server.command("EXISTS", prefix + "changes"), "no listener, no change stream");
    assertEquals(":1", server.command("EXISTS", prefix + "changes:n"), "changes are numbered all the same");

    RedisTaskStore b = store(RedisTaskStore.builder(connect()));
    Recorder heard = new Recorder();
    TaskListener.Registration r = b.listen(heard);
    Task task = a.start("count", 50);
    task.await(PATIENCE);
    until("every change", () -> heard.typesOf(task.id()).size() == 53);
    assertEquals(":1", server.command("EXISTS", prefix + "changes:listening"));
    r.close();
    until("the flag lapsed (a lease, 1 s)", () -> ":0".equals(command("EXISTS", prefix + "changes:listening")));
    String length = server.command("XLEN", prefix + "changes");
    a.start("count", 50).await(PATIENCE);
    assertEquals(length, server.command("XLEN", prefix + "changes"), "nobody listens: nothing more is written");
  }

  @Test
  void aListenerTooSlowForTheChangeStreamIsToldItMissedChangesAndHearsOn() throws Exception {
    Tasks a = manager(store(RedisTaskStore.builder(connect()).changeLog(100)));
    RedisTaskStore b = store(RedisTaskStore.builder(connect()).changeLog(100));
    CountDownLatch release = new CountDownLatch(1);
    Map<String, TaskInfo> newest = new ConcurrentHashMap<>();
    Recorder heard = new Recorder() {
      @Override
      public void changed(TaskInfo task, TaskEvent event) {
        try {
          release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS); // stuck until released: the worst listener
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        newest.merge(task.id(), task, (x, y) -> y.lastEventId() > x.lastEventId() ? y : x);
        super.changed(task, event);
      }
    };
    b.listen(heard);
    // far more changes than the delivery queue (2,048) and the stream (about 100) hold together
    List<Task> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      tasks.add(a.start("count", 1000));
    }
    for (Task t : tasks) {
      t.await(PATIENCE);
    }
    release.countDown();
    until("told it missed changes", () -> heard.missed.get() >= 1);
    Task after = a.start("n", 5);
    after.await(PATIENCE);
    until("it hears on", () -> heard.typesOf(after.id()).contains("succeeded"));
    assertTrue(heard.events.size() < 8 * 1003, "it did not get every change: " + heard.events.size());
    for (int i = 0; i < heard.events.size() - 1; i++) { // what it got is in stream order, each once
      TaskInfo x = heard.infos.get(i);
      TaskInfo y = heard.infos.get(i + 1);
      assertFalse(x.id().equals(y.id()) && y.lastEventId() <= x.lastEventId(), "task " + x.id() + " went back");
    }
  }

  @Test
  void afterRedisRestartsListenersAreToldTheyMissedChangesAndHearOn() throws Exception {
    Tasks a = manager(store(RedisTaskStore.builder(connect())));
    RedisTaskStore b = store(RedisTaskStore.builder(connect()));
    Recorder heard = new Recorder();
    b.listen(heard);
    Task before = a.start("n", 1);
    before.await(PATIENCE);
    until("the first task heard", () -> heard.typesOf(before.id()).contains("succeeded"));
    assertEquals(0, heard.missed.get());

    server.restart(); // empty: every task and the change stream are gone
    until("told it missed changes", () -> heard.missed.get() >= 1);
    Task after = startWhenRedisIsBack(a);
    after.await(PATIENCE);
    until("it hears on", () -> heard.typesOf(after.id()).contains("succeeded"));
    assertEquals(List.of("queued", "running", "succeeded"), heard.typesOf(after.id()));
    assertEquals(1, heard.closed.getCount(), "not closed");
  }

  @Test
  void afterAPauseListenersAreToldTheyMayHaveMissedChangesAndHearOn() throws Exception {
    Tasks a = manager(store(RedisTaskStore.builder(connect())));
    RedisTaskStore b = store(RedisTaskStore.builder(connect()));
    Recorder heard = new Recorder();
    b.listen(heard);
    server.pause();
    Thread.sleep(2500); // the reader's read times out (its 1 s block plus the 500 ms command timeout)
    server.resume();
    until("told it may have missed changes", () -> heard.missed.get() >= 1);
    Task after = startWhenRedisIsBack(a);
    after.await(PATIENCE);
    until("it hears on", () -> heard.typesOf(after.id()).contains("succeeded"));
  }

  @Test
  void listeningNeedsRedisOnlyForAnInstancesFirstListener() throws Exception {
    RedisTaskStore b = store(RedisTaskStore.builder(connect()));
    RedisTaskStore c = store(RedisTaskStore.builder(connect()));
    Recorder first = new Recorder();
    b.listen(first);
    server.pause();
    try {
      Recorder second = new Recorder();
      b.listen(second).close(); // joins the instance's running feed: no round trip
      RedisException e = assertThrows(RedisException.class, () -> c.listen(new Recorder()));
      assertNotNull(e.getMessage());
    } finally {
      server.resume();
    }
  }

  @Test
  void twoStoresWithOnePrefixOnOneConnectionCannotBothListen() throws Exception {
    Redis shared = connect();
    RedisTaskStore first = store(RedisTaskStore.builder(shared));
    RedisTaskStore second = store(RedisTaskStore.builder(shared));
    first.listen(new Recorder());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.listen(new Recorder()));
    assertTrue(e.getMessage().contains("one store per connection and prefix"), e.getMessage());
    Recorder heard = new Recorder();
    first.listen(heard); // the first one is unharmed
    Tasks a = manager(store(RedisTaskStore.builder(connect())));
    Task task = a.start("n", 3);
    task.await(PATIENCE);
    until("the first store's listener hears", () -> heard.typesOf(task.id()).contains("succeeded"));
  }

  /** Starts an "n" task once Redis answers again (starting fails while it doesn't), boundedly. */
  private static Task startWhenRedisIsBack(Tasks tasks) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    for (;;) {
      try {
        return tasks.start("n", 2);
      } catch (RedisException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(100);
      }
    }
  }

  private static String command(String... args) {
    try {
      return server.command(args);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }
}
