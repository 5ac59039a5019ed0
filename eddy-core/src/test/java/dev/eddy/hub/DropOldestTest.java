package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DropOldestTest {

  @Test
  void aFullQueueKeepsTheNewestAndCountsWhatItDropped() throws Exception {
    try (Hub hub = Hub.inMemory();
        Subscription sub = hub.subscribe("prices", SubscribeOptions.dropOldest().capacity(3))) {
      Read.publish(hub, "prices", "p", 10);

      assertEquals(List.of("p7", "p8", "p9"), Read.data(Read.next(sub, 3)));
      assertEquals(7, sub.dropped());
      assertTrue(sub.end().isEmpty(), "dropping does not end the subscription");

      hub.publish("prices", "message", "p10");
      assertEquals("p10", sub.poll(Read.PATIENCE).data());
      assertEquals(7, sub.dropped());
    }
  }

  @Test
  void aBlockedCallbackNeverBlocksThePublisher() throws Exception {
    try (Hub hub = Hub.inMemory()) {
      CountDownLatch release = new CountDownLatch(1);
      List<String> got = new CopyOnWriteArrayList<>();
      Subscription sub = hub.subscribe("prices", SubscribeOptions.dropOldest().capacity(4), m -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        got.add(m.data());
      });

      long start = System.nanoTime();
      Read.publish(hub, "prices", "p", 1000);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "publishing took " + took);

      release.countDown();
      long deadline = System.nanoTime() + Read.PATIENCE.toNanos();
      while (got.size() + sub.dropped() < 1000 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(1000, got.size() + sub.dropped(), "every message delivered or counted");
      assertTrue(got.size() <= 5, "at most one in flight plus a full queue: " + got);
      assertEquals(List.of("p996", "p997", "p998", "p999"), got.subList(got.size() - 4, got.size()));
    }
  }
}
