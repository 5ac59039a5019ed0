package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrderingTest {
  private static final int PUBLISHERS = 4;
  private static final int EACH = 500;
  private static final int TOTAL = PUBLISHERS * EACH;

  @Test
  void eachSubscriberSeesEveryMessageInIdAndPublishOrderUnderConcurrentPublishers()
      throws Exception {
    try (Hub hub = Hub.inMemory()) {
      SubscribeOptions roomy = SubscribeOptions.disconnect().capacity(TOTAL);
      Subscription first = hub.subscribe("orders", roomy);
      Subscription second = hub.subscribe("orders", roomy);
      List<Message> called = new CopyOnWriteArrayList<>();
      CountDownLatch callbackDone = new CountDownLatch(TOTAL);
      hub.subscribe("orders", roomy, m -> {
        called.add(m);
        callbackDone.countDown();
      });

      ConcurrentSkipListSet<Long> publishedIds = new ConcurrentSkipListSet<>();
      List<Thread> publishers = new ArrayList<>();
      for (int p = 0; p < PUBLISHERS; p++) {
        String who = "p" + p;
        publishers.add(Thread.ofVirtual().start(() -> {
          for (int i = 0; i < EACH; i++) {
            publishedIds.add(hub.publish("orders", who, Integer.toString(i)).id());
          }
        }));
      }
      for (Thread t : publishers) {
        t.join();
      }

      assertInOrder(Read.next(first, TOTAL), publishedIds);
      assertInOrder(Read.next(second, TOTAL), publishedIds);
      assertTrue(callbackDone.await(5, TimeUnit.SECONDS), "the callback got every message");
      assertInOrder(called, publishedIds);
    }
  }

  private static void assertInOrder(List<Message> got, ConcurrentSkipListSet<Long> publishedIds) {
    assertEquals(new ArrayList<>(publishedIds), Read.ids(got), "every id once, ascending");
    int[] nextFrom = new int[PUBLISHERS];
    for (Message m : got) {
      int publisher = m.event().charAt(1) - '0';
      assertEquals(nextFrom[publisher]++, Integer.parseInt(m.data()), "publisher order kept");
    }
  }
}
