package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.hub.Overflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Watchers get the replay, then live events: no gap, no duplicate, in order, however they join. */
class WatchTest {
  private final Tasks tasks = Tasks.builder().store(InMemoryTaskStore.builder().maxEvents(10_000).build()).build();

  @AfterEach
  void close() {
    tasks.close();
  }

  /** A task of 20,000 steps: progress on each, a "tick" custom event every 50, a 1 ms pause every 200. */
  private Task busyTask(CountDownLatch go) {
    tasks.register(TaskKind.blocking("busy", Void.class, (task, none) -> {
      go.await();
      int steps = 20_000;
      for (int i = 1; i <= steps; i++) {
        task.progress(i, steps);
        if (i % 50 == 0) {
          task.emit("tick", i);
        }
        if (i % 200 == 0) {
          Thread.sleep(1); // lasts 100 ms or more, so watchers can join while it runs
        }
      }
      return "done";
    }));
    return tasks.start("busy", null);
  }

  private static void checkStream(String who, long afterId, List<TaskEvent> got, List<TaskEvent> fullLog) {
    for (int i = 1; i < got.size(); i++) {
      assertTrue(got.get(i).id() > got.get(i - 1).id(), who + ": ids in order, no duplicate, at " + i);
    }
    assertTrue(got.isEmpty() || got.get(0).id() > afterId, who + ": nothing at or before " + afterId);
    List<Long> expectedTicks = fullLog.stream().filter(e -> e.type().equals("tick") && e.id() > afterId).map(TaskEvent::id).toList();
    List<Long> gotTicks = got.stream().filter(e -> e.type().equals("tick")).map(TaskEvent::id).toList();
    assertTrue(expectedTicks.equals(gotTicks), who + ": every custom event after " + afterId + ", no gap; expected "
        + expectedTicks.size() + " ticks, got " + gotTicks.size());
    assertEquals("succeeded", got.get(got.size() - 1).type(), who + ": ends with the final event");
    TaskEvent lastProgress = got.stream().filter(TaskEvent::isProgress).reduce((a, b) -> b).orElseThrow();
    assertEquals("{\"value\":20000,\"total\":20000}", lastProgress.data(), who + ": the latest progress is never lost");
  }

  @Test
  void manyWatchersJoiningWhileTheTaskRunsEachGetEverythingAfterTheirIdExactlyOnce() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Task task = busyTask(go);
    record Joined(long afterId, TaskWatch watch) {}
    List<Joined> joined = new ArrayList<>();
    joined.add(new Joined(0, task.watch(0, WatchOptions.defaults().capacity(WatchOptions.MAX_CAPACITY)))); // before it starts
    go.countDown();
    while (task.state() != TaskState.SUCCEEDED && joined.size() < 60) {
      long last = task.info().lastEventId();
      // resume from the very latest id (the tightest race) or from somewhere earlier
      long after = joined.size() % 2 == 0 ? last : ThreadLocalRandom.current().nextLong(last + 1);
      joined.add(new Joined(after, task.watch(after, WatchOptions.defaults().capacity(WatchOptions.MAX_CAPACITY))));
      Thread.sleep(1);
    }
    Wait.done(task);
    List<TaskEvent> fullLog = Wait.all(task.watch(0));
    assertTrue(joined.size() > 10, "watchers joined while it ran: " + joined.size());
    for (Joined j : joined) {
      assertEquals(TaskWatch.Resume.COMPLETE, j.watch().resume());
      List<TaskEvent> got = Wait.all(j.watch());
      assertEquals(TaskWatch.End.FINISHED, j.watch().end().orElseThrow());
      checkStream("watcher after " + j.afterId(), j.afterId(), got, fullLog);
    }
  }

  @Test
  void aCallbackWatcherSeesWhatAReaderSees() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Task task = busyTask(go);
    List<TaskEvent> delivered = Collections.synchronizedList(new ArrayList<>());
    TaskWatch callback = task.watch(0, WatchOptions.defaults().capacity(WatchOptions.MAX_CAPACITY), delivered::add);
    TaskWatch reader = task.watch(0, WatchOptions.defaults().capacity(WatchOptions.MAX_CAPACITY));
    go.countDown();
    assertEquals(TaskWatch.End.FINISHED, callback.whenEnded().toCompletableFuture().get(10, TimeUnit.SECONDS));
    List<TaskEvent> fullLog = Wait.all(task.watch(0));
    checkStream("callback", 0, delivered, fullLog);
    checkStream("reader", 0, Wait.all(reader), fullLog);
    assertThrows(IllegalStateException.class, callback::next, "a callback watch can't be read");
  }

  @Test
  void aSlowWatcherThatDisconnectsResumesFromItsLastIdWithoutAGap() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Task task = busyTask(go);
    List<TaskEvent> got = new ArrayList<>();
    TaskWatch watch = task.watch(0, WatchOptions.defaults().capacity(4));
    go.countDown();
    int resumes = 0;
    for (;;) {
      try {
        TaskEvent e = watch.poll(Wait.PATIENCE);
        got.add(e);
        if (e.isFinal()) {
          break;
        }
        Thread.sleep(2); // 500 events a second: the task emits 4 ticks a millisecond
      } catch (TaskWatchEndedException ended) {
        assertEquals(TaskWatch.End.TOO_SLOW, ended.end());
        resumes++;
        long lastHandled = got.isEmpty() ? 0 : got.get(got.size() - 1).id();
        watch = task.watch(lastHandled, WatchOptions.defaults().capacity(4));
      }
    }
    assertTrue(resumes > 0, "the small queue overflowed at least once");
    Wait.done(task);
    checkStream("slow watcher", 0, got, Wait.all(task.watch(0)));
  }

  @Test
  void aSlowWatcherThatDropsOldestCountsWhatItMissedAndStillGetsTheEnd() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Task task = busyTask(go);
    TaskWatch watch = task.watch(0, new WatchOptions(2, Overflow.DROP_OLDEST));
    go.countDown();
    Wait.done(task);
    List<TaskEvent> got = Wait.all(watch);
    assertTrue(watch.dropped() > 0);
    assertEquals("succeeded", got.get(got.size() - 1).type(), "the final event is never dropped");
    assertEquals(TaskWatch.End.FINISHED, watch.end().orElseThrow());
  }

  @Test
  void progressAloneNeverOverflowsEvenTheSmallestQueue() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    tasks.register(TaskKind.blocking("steps", Void.class, (task, none) -> {
      started.countDown();
      for (int i = 1; i <= 200_000; i++) {
        task.progress(i, 200_000);
      }
      return null;
    }));
    Task task = tasks.start("steps", null);
    TaskWatch watch = task.watch(0, WatchOptions.defaults().capacity(1));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    AtomicInteger seen = new AtomicInteger();
    TaskEvent last = null;
    for (TaskEvent e : watch) {
      seen.incrementAndGet();
      if (e.isProgress()) {
        last = e;
      }
      Thread.sleep(1); // far slower than 200,000 reports
    }
    assertEquals(TaskWatch.End.FINISHED, watch.end().orElseThrow(), "never TOO_SLOW");
    assertEquals("{\"value\":200000,\"total\":200000}", last.data());
    assertTrue(seen.get() < 200_000, "coalesced: " + seen.get());
  }

  @Test
  void watchingAFinishedTaskReplaysItsLogAndEnds() throws Exception {
    tasks.register(TaskKind.blocking("quick", Void.class, (task, none) -> {
      task.emit("note", "hi");
      return 42;
    }));
    Task task = tasks.start("quick", null);
    TaskInfo done = Wait.done(task);
    TaskWatch watch = task.watch(0);
    List<TaskEvent> log = Wait.all(watch);
    assertEquals(List.of("queued", "running", "note", "succeeded"), Wait.types(log));
    assertEquals(done.toJson(), log.get(3).data(), "the final event carries the task with its result");
    assertEquals(TaskWatch.End.FINISHED, watch.whenEnded().toCompletableFuture().get(5, TimeUnit.SECONDS));
    try (TaskWatch afterAll = task.watch(done.lastEventId())) {
      assertThrows(TaskWatchEndedException.class, () -> afterAll.poll(Duration.ofMillis(100)),
          "nothing after the final event: the watch is already over");
    }
    try (TaskWatch beyond = task.watch(done.lastEventId() + 100)) {
      assertEquals(TaskWatch.Resume.UNKNOWN, beyond.resume());
      assertEquals(4, Wait.all(beyond).size(), "an unknown id replays everything retained");
    }
  }

  @Test
  void closingAWatchEndsItAndWakesItsReader() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    tasks.register(TaskKind.blocking("wait", Void.class, (task, none) -> {
      release.await();
      return null;
    }));
    Task task = tasks.start("wait", null);
    TaskWatch watch = task.watch(0);
    Wait.events(watch, 2); // queued, running
    Thread reader = Thread.ofVirtual().start(() -> {
      assertThrows(TaskWatchEndedException.class, watch::next);
    });
    Thread.sleep(50);
    watch.close();
    assertTrue(reader.join(Duration.ofSeconds(5)));
    assertEquals(TaskWatch.End.CLOSED, watch.end().orElseThrow());
    assertEquals(0, ((InMemoryTaskStore) tasks.store()).record(task.id()).watcherCount(), "it left the task");
    assertFalse(watch.iterator().hasNext());
    release.countDown();
  }
}
