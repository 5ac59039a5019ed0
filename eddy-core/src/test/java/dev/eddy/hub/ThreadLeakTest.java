package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Keeps every delivery thread the hub creates (virtual threads, as by default) and checks that
 * none is alive once there is nothing left to deliver.
 */
class ThreadLeakTest {
  private final Queue<Thread> created = new ConcurrentLinkedQueue<>();
  private final ThreadFactory virtual = Thread.ofVirtual().name("eddy-hub-", 1).factory();

  @Test
  void idleAndClosedSubscriptionsHoldNoThreads() throws Exception {
    InMemoryHub hub = InMemoryHub.builder()
        .threads(r -> {
          Thread t = virtual.newThread(r);
          created.add(t);
          return t;
        })
        .history("c:*", 10)
        .build();
    int channels = 50;
    int perChannel = 10;
    CountDownLatch delivered = new CountDownLatch(channels * perChannel * 3);
    List<Subscription> subs = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      for (int s = 0; s < perChannel; s++) {
        subs.add(hub.subscribe("c:" + c, SubscribeOptions.dropOldest(), m -> delivered.countDown()));
        subs.add(hub.subscribe("c:" + c, SubscribeOptions.disconnect().capacity(1)));
      }
    }
    for (int c = 0; c < channels; c++) {
      Read.publish(hub, "c:" + c, "m", 3);
    }
    assertTrue(delivered.await(5, TimeUnit.SECONDS));
    assertTrue(created.size() >= channels * perChannel, "each callback subscription had a thread");
    awaitNoLiveThreads("after delivering, with 1,000 subscriptions still open");

    for (Subscription sub : subs) {
      sub.close();
    }
    awaitNoLiveThreads("after closing every subscription");

    for (int c = 0; c < channels; c++) {
      hub.subscribe("c:" + c, SubscribeOptions.dropOldest(), m -> {});
      hub.subscribe("c:" + c, SubscribeOptions.dropOldest().afterId(0), m -> {});
      hub.subscribe("c:" + c, SubscribeOptions.dropOldest());
    }
    hub.close();
    awaitNoLiveThreads("after closing the hub");
  }

  private void awaitNoLiveThreads(String when) throws InterruptedException {
    long deadline = System.nanoTime() + Read.PATIENCE.toNanos();
    for (Thread t : created) {
      t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    assertEquals(0, created.stream().filter(Thread::isAlive).count(), "live hub threads " + when);
  }
}
