package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.hub.Subscription.Resume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResumeTest {

  @Test
  void resumingReplaysExactlyTheMissedMessagesThenLiveOnes() throws Exception {
    try (Hub hub = InMemoryHub.builder().history("chat", 100).build()) {
      List<Message> before = Read.publish(hub, "chat", "m", 10);
      try (Subscription sub = hub.subscribe("chat", after(before.get(3).id()))) {
        assertEquals(Resume.COMPLETE, sub.resume());
        assertEquals(before.subList(4, 10), Read.next(sub, 6));
        Message live = hub.publish("chat", "message", "live");
        assertEquals(live, sub.poll(Read.PATIENCE));
        assertNull(sub.poll(Duration.ZERO));
      }
    }
  }

  @Test
  void resumingFromTheLastIdReplaysNothing() throws Exception {
    try (Hub hub = InMemoryHub.builder().history("chat", 100).build()) {
      Message last = Read.publish(hub, "chat", "m", 3).get(2);
      try (Subscription sub = hub.subscribe("chat", after(last.id()))) {
        assertEquals(Resume.COMPLETE, sub.resume());
        assertNull(sub.poll(Duration.ZERO));
      }
    }
  }

  /**
   * A publisher hammers the channel while subscribers resume from ids it has just handed out (the
   * tightest race) and from older ones; each must then see exactly the published ids after its own.
   */
  @Test
  void resumeUnderConcurrentPublishingLosesAndRepeatsNothing() throws Exception {
    int total = 5000;
    try (Hub hub = InMemoryHub.builder().history("hot", total).build()) {
      long[] published = new long[total];
      AtomicLong count = new AtomicLong();
      java.util.concurrent.CountDownLatch subscribedMidStream = new java.util.concurrent.CountDownLatch(1);
      Thread publisher = Thread.ofPlatform().start(() -> {
        for (int i = 0; i < total; i++) {
          published[i] = hub.publish("hot", "message", Integer.toString(i)).id();
          count.set(i + 1); // publishes published[i] to readers of count
          if (i % 16 == 0) {
            Thread.yield(); // let the subscribing thread in on two cores
          }
          if (i == total / 2) {
            try { // on a loaded machine the publisher could otherwise finish before anyone resumes
              subscribedMidStream.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              return;
            }
          }
        }
      });

      record Resumed(int from, Subscription sub) {}
      List<Resumed> resumed = new ArrayList<>();
      SubscribeOptions options = SubscribeOptions.disconnect().capacity(total);
      int midStream = 0;
      while (publisher.isAlive() && resumed.size() < 60) {
        int seen = (int) count.get();
        if (seen == 0) {
          Thread.onSpinWait();
          continue;
        }
        int from = resumed.size() % 2 == 0 ? seen - 1 : seen / 2;
        resumed.add(new Resumed(from, hub.subscribe("hot", options.afterId(published[from]))));
        if (count.get() < total) {
          midStream++;
          subscribedMidStream.countDown();
        }
        Thread.yield();
      }
      publisher.join();
      assertTrue(midStream > 0, "some subscriptions raced the publisher");

      for (Resumed r : resumed) {
        assertEquals(Resume.COMPLETE, r.sub().resume());
        List<Message> got = Read.next(r.sub(), total - 1 - r.from());
        for (int i = 0; i < got.size(); i++) {
          assertEquals(published[r.from() + 1 + i], got.get(i).id(),
              "message " + i + " after resuming from #" + r.from());
        }
        assertNull(r.sub().poll(Duration.ZERO), "nothing after the last one");
        r.sub().close();
      }
    }
  }

  @Test
  void anIdOlderThanTheHistoryReportsAGapAndReplaysWhatIsLeft() throws Exception {
    try (Hub hub = InMemoryHub.builder().history("chat", 5).build()) {
      List<Message> all = Read.publish(hub, "chat", "m", 10);
      try (Subscription sub = hub.subscribe("chat", after(all.get(0).id()))) {
        assertEquals(Resume.GAP, sub.resume());
        assertEquals(all.subList(5, 10), Read.next(sub, 5));
      }
      Message lastTrimmed = all.get(4);
      try (Subscription sub = hub.subscribe("chat", after(lastTrimmed.id()))) {
        assertEquals(Resume.COMPLETE, sub.resume(), "the first retained message follows");
        assertEquals(all.subList(5, 10), Read.next(sub, 5));
      }
    }
  }

  @Test
  void anIdThisChannelNeverGaveOutReportsUnknown() throws Exception {
    try (Hub hub = InMemoryHub.builder().history("chat", 5).build()) {
      List<Message> all = Read.publish(hub, "chat", "m", 3);
      try (Subscription sub = hub.subscribe("chat", after(all.get(2).id() + 1000))) {
        assertEquals(Resume.UNKNOWN, sub.resume());
        assertEquals(all, Read.next(sub, 3), "everything retained follows");
      }
    }
  }

  @Test
  void aChannelWithoutHistoryResumesCompletelyOnlyFromItsLastId() throws Exception {
    try (Hub hub = Hub.inMemory()) {
      List<Message> all = Read.publish(hub, "plain", "m", 2);
      try (Subscription upToDate = hub.subscribe("plain", after(all.get(1).id()));
          Subscription behind = hub.subscribe("plain", after(all.get(0).id()))) {
        assertEquals(Resume.COMPLETE, upToDate.resume());
        assertEquals(Resume.GAP, behind.resume());
        assertNull(behind.poll(Duration.ZERO));
      }
    }
  }

  @Test
  void subscribingWithoutAnIdIsLiveOnly() throws Exception {
    try (Hub hub = InMemoryHub.builder().history("chat", 5).build()) {
      Read.publish(hub, "chat", "old", 3);
      try (Subscription sub = hub.subscribe("chat", SubscribeOptions.disconnect())) {
        assertEquals(Resume.LIVE, sub.resume());
        assertNull(sub.poll(Duration.ZERO));
      }
    }
  }

  @Test
  void historyIsTrimmedByAge() throws Exception {
    AtomicLong now = new AtomicLong();
    try (Hub hub = InMemoryHub.builder()
        .history("chat", 100, Duration.ofSeconds(10))
        .nanoTime(now::get)
        .build()) {
      List<Message> old = Read.publish(hub, "chat", "old", 3);
      now.addAndGet(Duration.ofSeconds(11).toNanos());
      try (Subscription sub = hub.subscribe("chat", after(old.get(0).id()))) {
        assertEquals(Resume.GAP, sub.resume(), "expired at subscribe time");
        assertNull(sub.poll(Duration.ZERO));
      }
      Message fresh = hub.publish("chat", "message", "fresh");
      try (Subscription sub = hub.subscribe("chat", after(old.get(2).id()))) {
        assertEquals(Resume.COMPLETE, sub.resume());
        assertEquals(List.of(fresh), Read.next(sub, 1));
      }
    }
  }

  @Test
  void replayedMessagesDoNotCountAgainstTheQueueCapacity() throws Exception {
    try (Hub hub = InMemoryHub.builder().history("chat", 100).build()) {
      List<Message> all = Read.publish(hub, "chat", "m", 50);
      try (Subscription sub = hub.subscribe("chat",
          SubscribeOptions.disconnect().capacity(4).afterId(all.get(0).id()))) {
        List<Message> live = Read.publish(hub, "chat", "live", 4);
        assertEquals(all.subList(1, 50), Read.next(sub, 49));
        assertEquals(live, Read.next(sub, 4));
        assertTrue(sub.end().isEmpty());
      }
    }
  }

  @Test
  void idsFromBeforeARestartReportAGap() throws Exception {
    long lastBeforeRestart;
    try (Hub before = InMemoryHub.builder().history("chat", 100).build()) {
      lastBeforeRestart = Read.publish(before, "chat", "m", 20).get(19).id();
    }
    Thread.sleep(2); // the clock has moved, as it has by the time a process restarts
    try (Hub restarted = InMemoryHub.builder().history("chat", 100).build()) {
      Read.publish(restarted, "chat", "n", 20);
      try (Subscription sub = restarted.subscribe("chat", after(lastBeforeRestart))) {
        assertEquals(Resume.GAP, sub.resume());
        assertEquals(20, Read.next(sub, 20).size());
      }
    }
  }

  @Test
  void historyRulesMatchTheExactNameFirstThenTheLongestPrefix() throws Exception {
    try (Hub hub = InMemoryHub.builder()
        .history("*", 1)
        .history("chat:*", 2)
        .history("chat:vip:*", 3)
        .history("chat:vip:lobby", 4)
        .build()) {
      assertEquals(1, retained(hub, "news"));
      assertEquals(2, retained(hub, "chat:1"));
      assertEquals(3, retained(hub, "chat:vip:1"));
      assertEquals(4, retained(hub, "chat:vip:lobby"));
    }
  }

  private static SubscribeOptions after(long id) {
    return SubscribeOptions.disconnect().afterId(id);
  }

  private static int retained(Hub hub, String channel) throws InterruptedException {
    Read.publish(hub, channel, "m", 10);
    try (Subscription sub = hub.subscribe(channel, after(0))) {
      int n = 0;
      while (sub.poll(Duration.ZERO) != null) {
        n++;
      }
      return n;
    }
  }
}
