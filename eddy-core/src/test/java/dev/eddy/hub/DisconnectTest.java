package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.hub.Subscription.End;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DisconnectTest {

  @Test
  void aSlowSubscriberIsEndedWithoutAffectingOthers() throws Exception {
    try (Hub hub = Hub.inMemory();
        Subscription slow = hub.subscribe("feed", SubscribeOptions.disconnect().capacity(4));
        Subscription fast = hub.subscribe("feed", SubscribeOptions.disconnect().capacity(100))) {
      Read.publish(hub, "feed", "f", 10);

      SubscriptionEndedException e = assertThrows(SubscriptionEndedException.class, slow::next);
      assertEquals(End.TOO_SLOW, e.end());
      assertEquals("feed", e.channel());
      assertTrue(e.getMessage().contains("DISCONNECT"), e.getMessage());
      assertEquals(End.TOO_SLOW, slow.end().orElseThrow());
      assertEquals(End.TOO_SLOW, slow.whenEnded().toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertEquals(0, slow.dropped(), "DISCONNECT never drops");

      assertEquals(10, Read.next(fast, 10).size());
      assertEquals(1, hub.subscribers("feed"), "the slow one left the channel");
      hub.publish("feed", "message", "after");
      assertEquals("after", fast.poll(Read.PATIENCE).data());
    }
  }

  @Test
  void aSubscriberThatKeepsUpIsNeverEnded() throws Exception {
    try (Hub hub = Hub.inMemory();
        Subscription sub = hub.subscribe("feed", SubscribeOptions.disconnect().capacity(1))) {
      for (int i = 0; i < 100; i++) {
        hub.publish("feed", "message", "f" + i);
        assertEquals("f" + i, sub.poll(Read.PATIENCE).data());
      }
      assertTrue(sub.end().isEmpty());
    }
  }
}
