package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eddy.hub.Subscription.Resume;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionTest {

  @Test
  void pastMaxChannelsTheLeastRecentlyPublishedIdleChannelLosesItsHistory() throws Exception {
    try (Hub hub = InMemoryHub.builder().history("h:*", 10).maxChannels(16).build()) {
      List<Message> firsts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        firsts.add(hub.publish("h:" + i, "message", "m"));
      }
      Subscription keeper = hub.subscribe("h:0", SubscribeOptions.disconnect());

      hub.publish("h:16", "message", "m"); // one too many: h:1 is the oldest without subscribers

      assertEquals(Resume.GAP, resume(hub, "h:1", firsts.get(1).id() - 1));
      assertEquals(Resume.COMPLETE, resume(hub, "h:0", firsts.get(0).id() - 1),
          "a channel with subscribers is never evicted");
      keeper.close();
    }
  }

  @Test
  void channelsWithSubscribersOutnumberMaxChannelsRatherThanFail() throws Exception {
    try (Hub hub = InMemoryHub.builder().maxChannels(4).build()) {
      List<Subscription> subs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        subs.add(hub.subscribe("s:" + i, SubscribeOptions.disconnect()));
      }
      for (int i = 0; i < 10; i++) {
        hub.publish("s:" + i, "message", "m" + i);
      }
      for (int i = 0; i < 10; i++) {
        assertEquals(1, hub.subscribers("s:" + i));
        assertEquals("m" + i, subs.get(i).poll(Read.PATIENCE).data());
      }
    }
  }

  private static Resume resume(Hub hub, String channel, long afterId) {
    try (Subscription sub = hub.subscribe(channel, SubscribeOptions.disconnect().afterId(afterId))) {
      return sub.resume();
    }
  }
}
