package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FanOutTest {

  @Test
  void everySubscriberGetsEveryMessage() throws Exception {
    try (Hub hub = Hub.inMemory()) {
      List<Subscription> readers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        readers.add(hub.subscribe("news", SubscribeOptions.disconnect()));
      }
      List<List<Message>> received = new ArrayList<>();
      CountDownLatch allReceived = new CountDownLatch(20);
      for (int i = 0; i < 20; i++) {
        List<Message> got = new CopyOnWriteArrayList<>();
        received.add(got);
        hub.subscribe("news", SubscribeOptions.disconnect(), m -> {
          got.add(m);
          if (got.size() == 100) {
            allReceived.countDown();
          }
        });
      }
      assertEquals(40, hub.subscribers("news"));

      List<Message> published = Read.publish(hub, "news", "n", 100);

      for (Subscription reader : readers) {
        assertEquals(published, Read.next(reader, 100));
      }
      assertTrue(allReceived.await(5, TimeUnit.SECONDS), "every callback got 100 messages");
      for (List<Message> got : received) {
        assertEquals(published, got);
      }
    }
  }

  @Test
  void subscribersOfOtherChannelsGetNothing() throws Exception {
    try (Hub hub = Hub.inMemory();
        Subscription news = hub.subscribe("news", SubscribeOptions.disconnect());
        Subscription sport = hub.subscribe("sport", SubscribeOptions.disconnect())) {
      hub.publish("news", "message", "headline");
      assertEquals("headline", news.poll(Read.PATIENCE).data());
      assertNull(sport.poll(Duration.ofMillis(20)));
    }
  }

  @Test
  void subscriberCountsFollowSubscribeAndClose() {
    try (Hub hub = Hub.inMemory()) {
      assertEquals(0, hub.subscribers("room"));
      Subscription a = hub.subscribe("room", SubscribeOptions.dropOldest());
      Subscription b = hub.subscribe("room", SubscribeOptions.dropOldest(), m -> {});
      assertEquals(2, hub.subscribers("room"));
      a.close();
      a.close();
      assertEquals(1, hub.subscribers("room"));
      b.close();
      assertEquals(0, hub.subscribers("room"));
    }
  }

  @Test
  void publishingToAChannelNobodyListensToStillGivesAnId() {
    try (Hub hub = Hub.inMemory()) {
      Message first = hub.publish("void", "message", "a");
      Message second = hub.publish("void", "message", "b");
      assertEquals(new Message("void", first.id(), "message", "a"), first);
      assertTrue(second.id() > first.id());
      assertEquals(0, hub.subscribers("void"));
    }
  }
}
