package dev.eddy.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.hub.Message;
import dev.eddy.hub.SubscribeOptions;
import dev.eddy.hub.Subscription;
import dev.eddy.task.Task;
import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskKind;
import dev.eddy.task.TaskState;
import dev.eddy.task.TaskWatch;
import dev.eddy.task.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis failing under running instances: down at start-up, paused ({@code kill -STOP}, then
 * {@code kill -CONT}) and restarted mid-run. Nothing crashes, local delivery goes on, and live
 * delivery between instances comes back by itself. What each outage lost is printed (see
 * docs/ARCHITECTURE.md, Redis).
 */
class RedisFaultsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private RedisServer server;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void startRedis() throws Exception {
    server = RedisServer.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    server.resume(); // never leave a paused process behind
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    server.close();
  }

  private Redis connect() {
    Redis r = Redis.builder(server.url()).commandTimeout(Duration.ofMillis(500)).connect();
    open.add(r);
    return r;
  }

  private RedisHub hub(Redis redis) {
    RedisHub hub = RedisHub.builder(redis).history("chat", 100).build();
    open.add(hub);
    return hub;
  }

  @Test
  void redisDownAtStartUpIsAClearErrorNamingTheAddress() throws Exception {
    int port = RedisServer.freePort();
    RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
        () -> Redis.connect("redis://127.0.0.1:" + port));
    assertTrue(e.getMessage().startsWith("Redis at 127.0.0.1:" + port + " is unreachable: "), e.getMessage());
    assertEquals("127.0.0.1:" + port, e.address());
    assertThrows(IllegalArgumentException.class, () -> Redis.connect("http://nope"));
  }

  @Test
  void aPausedRedisStallsNothingForGoodAndDeliveryResumesAfterItContinues() throws Exception {
    RedisHub a = hub(connect());
    RedisHub b = hub(connect());
    Subscription local = a.subscribe("chat", SubscribeOptions.disconnect().capacity(1000));
    Subscription remote = b.subscribe("chat", SubscribeOptions.disconnect().capacity(1000));
    Message before = a.publish("chat", "message", "before");
    assertEquals(before, remote.poll(PATIENCE));
    assertEquals(before, local.poll(PATIENCE));

    server.pause();
    List<Message> duringPause = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      duringPause.add(a.publish("chat", "message", "paused" + i)); // each waits for the 500 ms timeout
    }
    assertEquals(3, a.localOnlyPublishes());
    for (int i = 0; i < 3; i++) {
      Message m = local.poll(PATIENCE);
      assertNotNull(m, "local delivery goes on while Redis is paused");
      assertEquals("paused" + i, m.data());
    }
    server.resume();

    Message after = publishUntilItWorks(a, "after");
    List<String> remoteGot = new ArrayList<>();
    for (Message m = remote.poll(PATIENCE); m != null; m = remote.poll(PATIENCE)) {
      remoteGot.add(m.data());
      if (m.id() == after.id()) {
        break;
      }
    }
    assertEquals("after", remoteGot.get(remoteGot.size() - 1), "live delivery between instances is back");
    assertTrue(remote.end().isEmpty() && local.end().isEmpty(), "no subscription ended");
    // The publishes that timed out were still in the paused server's socket buffer: Redis applied
    // them when it continued, so the other instance got them after all (and this one twice).
    System.out.println("RedisFaultsTest: after SIGSTOP/SIGCONT, the other instance got " + remoteGot
        + " of the 3 messages published during the pause (local-only on the publisher)");
  }

  @Test
  void aRestartedRedisIsReconnectedAndSubscribersLearnWhatWasLost() throws Exception {
    RedisHub a = hub(connect());
    RedisHub b = hub(connect());
    Subscription local = a.subscribe("chat", SubscribeOptions.disconnect().capacity(1000));
    Subscription remote = b.subscribe("chat", SubscribeOptions.disconnect().capacity(1000));
    Subscription lossy = b.subscribe("chat", SubscribeOptions.dropOldest().capacity(1000));
    Message before = a.publish("chat", "message", "before");
    assertEquals(before, remote.poll(PATIENCE));
    assertEquals(before, lossy.poll(PATIENCE));
    assertEquals(before, local.poll(PATIENCE));

    server.crash();
    long start = System.nanoTime();
    a.publish("chat", "message", "while-down");
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "a publish without Redis does not hang");
    assertEquals("while-down", local.poll(PATIENCE).data(), "local delivery goes on");
    server.restart(); // empty: the channel's stream and history are gone

    // The reader reconnects by itself and finds the stream gone: a DISCONNECT subscriber can't know
    // what it missed, so it ends TOO_SLOW; resuming then says GAP. DROP_OLDEST ones go on.
    assertEquals(Subscription.End.TOO_SLOW,
        remote.whenEnded().toCompletableFuture().get(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    try (Subscription resumed = b.subscribe("chat", SubscribeOptions.disconnect().afterId(before.id()))) {
      assertEquals(Subscription.Resume.GAP, resumed.resume());
      Message after = publishUntilItWorks(a, "after-restart");
      assertEquals(after, resumed.poll(PATIENCE), "live delivery between instances is back");
      Message got = lossy.poll(PATIENCE);
      assertEquals("after-restart", got.data(), "the message published while Redis was down never reached B");
    }
    System.out.println("RedisFaultsTest: after a crash and restart of Redis, the other instance lost the 1 message "
        + "published while it was down (local-only); its DISCONNECT subscriber ended TOO_SLOW and resumed with GAP");
  }

  @Test
  void aTaskRunningThroughAPauseFinishesAndItsWatcherOnTheOtherInstanceSeesTheEnd() throws Exception {
    Redis ra = connect();
    Redis rb = connect();
    Tasks a = Tasks.builder().store(RedisTaskStore.builder(ra).build()).shutdownGrace(Duration.ofSeconds(2)).build();
    Tasks b = Tasks.builder().store(RedisTaskStore.builder(rb).build()).shutdownGrace(Duration.ofSeconds(2)).build();
    open.add(a);
    open.add(b);
    CountDownLatch paused = new CountDownLatch(1);
    a.register(TaskKind.blocking("work", Void.class, (task, none) -> {
      task.progress(1, 3);
      paused.await();
      task.progress(2, 3); // Redis is paused: this one is dropped, not thrown
      return "done";
    }));
    Task task = a.start("work", null);
    try (TaskWatch watch = b.get(task.id()).orElseThrow().watch(0)) {
      assertEquals(TaskEvent.QUEUED, watch.poll(PATIENCE).type());
      assertEquals(TaskEvent.RUNNING, watch.poll(PATIENCE).type());
      assertEquals(TaskEvent.PROGRESS, watch.poll(PATIENCE).type());
      server.pause();
      paused.countDown();
      assertEquals(TaskState.SUCCEEDED, task.await(PATIENCE).state(), "the owner finishes with Redis paused");
      server.resume();
      TaskEvent last = null;
      for (TaskEvent e = watch.poll(PATIENCE); e != null; e = e.isFinal() ? null : watch.poll(PATIENCE)) {
        last = e;
      }
      assertNotNull(last, "the watcher got events after the pause");
      assertEquals(TaskEvent.SUCCEEDED, last.type(), "the final event, kept while Redis was paused, was written after");
    }
    assertEquals("done", b.get(task.id()).orElseThrow().result(String.class));
  }

  /** Publishes until the message goes through Redis (not local-only), boundedly. */
  private static Message publishUntilItWorks(RedisHub hub, String data) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      long localOnly = hub.localOnlyPublishes();
      Message m = hub.publish("chat", "message", data);
      if (hub.localOnlyPublishes() == localOnly) {
        return m;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("publishing never reached Redis again within " + PATIENCE);
  }
}
