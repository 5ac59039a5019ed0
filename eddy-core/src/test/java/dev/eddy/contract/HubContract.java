package dev.eddy.contract;

import dev.eddy.hub.Hub;
import dev.eddy.hub.Message;
import dev.eddy.hub.SubscribeOptions;
import dev.eddy.hub.Subscription;
import dev.eddy.hub.SubscriptionEndedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.hub.Subscription.End;
import dev.eddy.hub.Subscription.Resume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HubContract is the {@link Hub} contract as tests every implementation runs: a subclass says how
 * to make a hub and a peer of it (another instance sharing its channels: the same hub for the
 * in-memory one, another process's hub for Redis). Delivery may be asynchronous, so every check
 * waits, boundedly.
 */
public abstract class HubContract {
  protected static final Duration PATIENCE = Duration.ofSeconds(10);
  private final List<Hub> opened = new ArrayList<>();

  /** A new hub whose channel {@code history} keeps at least {@code count} messages (none if null). */
  protected abstract Hub newHub(String history, int count) throws Exception;

  /** Another instance sharing {@code hub}'s channels and rules. */
  protected abstract Hub peerOf(Hub hub) throws Exception;

  /** The most messages above the history count the implementation may keep (approximate trimming). */
  protected int historySlack() {
    return 0;
  }

  private Hub hub(String history, int count) throws Exception {
    Hub h = newHub(history, count);
    opened.add(h);
    return h;
  }

  private Hub peer(Hub hub) throws Exception {
    Hub p = peerOf(hub);
    opened.add(p);
    return p;
  }

  @AfterEach
  void closeHubs() {
    for (Hub h : opened) {
      h.close();
    }
  }

  @Test
  public void messagesFromEveryInstanceReachEverySubscriberOnceInIdAndPublishOrder() throws Exception {
    Hub a = hub(null, 0);
    Hub b = peer(a);
    int each = 300;
    SubscribeOptions roomy = SubscribeOptions.disconnect().capacity(4 * each);
    Subscription onA = a.subscribe("orders", roomy);
    Subscription onB = b.subscribe("orders", roomy);
    List<Message> called = new CopyOnWriteArrayList<>();
    CountDownLatch callbackDone = new CountDownLatch(2 * each);
    b.subscribe("orders", roomy, m -> {
      called.add(m);
      callbackDone.countDown();
    });
    ConcurrentSkipListSet<Long> ids = new ConcurrentSkipListSet<>();
    List<Thread> publishers = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      Hub h = p == 0 ? a : b;
      String who = p == 0 ? "a" : "b";
      publishers.add(Thread.ofVirtual().start(() -> {
        for (int i = 0; i < each; i++) {
          ids.add(h.publish("orders", who, Integer.toString(i)).id());
        }
      }));
    }
    for (Thread t : publishers) {
      t.join(PATIENCE.toMillis());
    }
    assertEquals(2 * each, ids.size(), "ids are unique");
    assertInOrder(next(onA, 2 * each), ids);
    assertInOrder(next(onB, 2 * each), ids);
    assertTrue(callbackDone.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "the callback got every message");
    assertInOrder(called, ids);
    assertNull(onA.poll(Duration.ofMillis(50)), "nothing more");
  }

  private static void assertInOrder(List<Message> got, ConcurrentSkipListSet<Long> ids) {
    assertEquals(new ArrayList<>(ids), got.stream().map(Message::id).toList(), "every id once, ascending");
    int[] next = new int[2];
    for (Message m : got) {
      int who = m.event().equals("a") ? 0 : 1;
      assertEquals(next[who]++, Integer.parseInt(m.data()), "publisher order kept");
    }
  }

  @Test
  public void aSubscriberResumingOnAnotherInstanceGetsExactlyWhatItMissedThenLiveMessages() throws Exception {
    Hub a = hub("chat", 100);
    Hub b = peer(a);
    List<Message> before = publish(a, "chat", "m", 10);
    try (Subscription sub = b.subscribe("chat", SubscribeOptions.disconnect().afterId(before.get(3).id()))) {
      assertEquals(Resume.COMPLETE, sub.resume());
      assertEquals(before.subList(4, 10), next(sub, 6));
      Message live = a.publish("chat", "message", "live");
      assertEquals(live, sub.poll(PATIENCE));
      assertNull(sub.poll(Duration.ofMillis(50)));
    }
    try (Subscription sub = b.subscribe("chat", SubscribeOptions.disconnect().afterId(before.get(9).id()))) {
      assertEquals(Resume.COMPLETE, sub.resume(), "from the newest id but one: only the live message follows");
      assertEquals("live", sub.poll(PATIENCE).data());
    }
  }

  /**
   * A publisher hammers the channel while subscribers resume, on the other instance, from ids it
   * has just handed out and from older ones; each must then see exactly the ids after its own.
   */
  @Test
  public void resumingWhilePublishingLosesAndRepeatsNothing() throws Exception {
    int total = 1500;
    Hub a = hub("hot", total);
    Hub b = peer(a);
    long[] published = new long[total];
    AtomicLong count = new AtomicLong();
    java.util.concurrent.CountDownLatch resumedMidStream = new java.util.concurrent.CountDownLatch(1);
    Thread publisher = Thread.ofPlatform().start(() -> {
      for (int i = 0; i < total; i++) {
        published[i] = a.publish("hot", "message", Integer.toString(i)).id();
        count.set(i + 1);
        if (i == total / 2) {
          try { // a fast in-memory publisher could otherwise finish before anyone resumes
            resumedMidStream.await(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    });
    record Resumed(int from, Subscription sub) {}
    List<Resumed> resumed = new ArrayList<>();
    SubscribeOptions options = SubscribeOptions.disconnect().capacity(total);
    while (publisher.isAlive() && resumed.size() < 30) {
      int seen = (int) count.get();
      if (seen == 0) {
        Thread.onSpinWait();
        continue;
      }
      int from = resumed.size() % 2 == 0 ? seen - 1 : seen / 2;
      resumed.add(new Resumed(from, b.subscribe("hot", options.afterId(published[from]))));
      resumedMidStream.countDown();
      Thread.sleep(1);
    }
    publisher.join(PATIENCE.toMillis() * 3);
    assertTrue(!resumed.isEmpty(), "some subscriptions raced the publisher");
    for (Resumed r : resumed) {
      assertEquals(Resume.COMPLETE, r.sub().resume());
      List<Message> got = next(r.sub(), total - 1 - r.from());
      for (int i = 0; i < got.size(); i++) {
        assertEquals(published[r.from() + 1 + i], got.get(i).id(), "message " + i + " after resuming from #" + r.from());
      }
      assertNull(r.sub().poll(Duration.ofMillis(20)), "nothing after the last one");
      r.sub().close();
    }
  }

  @Test
  public void anIdOlderThanTheHistoryReportsAGapAndReplaysWhatIsLeft() throws Exception {
    int keep = 5;
    Hub a = hub("chat", keep);
    Hub b = peer(a);
    int n = keep + historySlack() + 50;
    List<Message> all = publish(a, "chat", "m", n);
    try (Subscription sub = b.subscribe("chat", SubscribeOptions.disconnect().capacity(n).afterId(all.get(0).id()))) {
      assertEquals(Resume.GAP, sub.resume());
      List<Message> replay = drain(sub);
      assertTrue(replay.size() >= keep && replay.size() <= keep + historySlack(), "kept " + replay.size());
      assertEquals(all.subList(n - replay.size(), n), replay, "the newest messages, in order");
    }
  }

  @Test
  public void anIdTheChannelNeverGaveOutReportsUnknownAndNoIdMeansLive() throws Exception {
    Hub a = hub("chat", 5);
    Hub b = peer(a);
    List<Message> all = publish(a, "chat", "m", 3);
    try (Subscription sub = b.subscribe("chat", SubscribeOptions.disconnect().afterId(all.get(2).id() + 1000))) {
      assertEquals(Resume.UNKNOWN, sub.resume());
      assertEquals(all, next(sub, 3), "everything retained follows");
    }
    try (Subscription sub = b.subscribe("chat", SubscribeOptions.disconnect())) {
      assertEquals(Resume.LIVE, sub.resume());
      assertNull(sub.poll(Duration.ofMillis(50)));
    }
    try (Subscription sub = b.subscribe("plain", SubscribeOptions.disconnect().afterId(all.get(0).id()))) {
      assertEquals(Resume.GAP, sub.resume(), "a channel without history can't replay");
    }
  }

  @Test
  public void aSlowDisconnectSubscriberEndsAndTheOthersGoOn() throws Exception {
    Hub a = hub(null, 0);
    Hub b = peer(a);
    Subscription slow = b.subscribe("feed", SubscribeOptions.disconnect().capacity(4));
    Subscription fast = b.subscribe("feed", SubscribeOptions.disconnect().capacity(100));
    publish(a, "feed", "f", 10);
    assertEquals(End.TOO_SLOW, slow.whenEnded().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    assertThrows(SubscriptionEndedException.class, slow::next);
    assertEquals(0, slow.dropped());
    assertEquals(10, next(fast, 10).size());
    assertEquals(1, b.subscribers("feed"));
    fast.close();
  }

  /**
   * {@link #aSlowDisconnectSubscriberEndsAndTheOthersGoOn}, {@link #stressRounds()} times over:
   * each round on a channel new to both instances (so the first publish may come in the very
   * millisecond the channel was first subscribed), or on one whose last subscriber here has just
   * left; several slow DISCONNECT subscribers overflow (some on the same message) and end, others
   * close themselves from their callbacks mid-stream, while the other instance publishes. The
   * subscribers that keep up must get every message once, in order, and the ones that quit exactly
   * what came before.
   */
  @Test
  public void subscribersEndingMidStreamCostTheOthersNothing() throws Exception {
    Hub a = hub(null, 0);
    Hub b = peer(a);
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int round = 0; round < stressRounds(); round++) {
      String channel = round % 4 == 3 ? "reused" : "fresh-" + round;
      int n = 2 + random.nextInt(40);
      String where = "round " + round + " (seed " + seed + ", " + n + " messages on " + channel + ")";
      List<Subscription> slow = new ArrayList<>();
      int sharedCapacity = 1 + random.nextInt(n - 1);
      for (int i = 1 + random.nextInt(4); i > 0; i--) {
        int capacity = random.nextBoolean() ? sharedCapacity : 1 + random.nextInt(n - 1);
        slow.add(b.subscribe(channel, SubscribeOptions.disconnect().capacity(capacity)));
      }
      record Quitter(int after, List<Message> got, Subscription sub) {}
      List<Quitter> quitters = new ArrayList<>();
      for (int i = random.nextInt(3); i > 0; i--) {
        int after = 1 + random.nextInt(n - 1);
        List<Message> got = new CopyOnWriteArrayList<>();
        AtomicReference<Subscription> self = new AtomicReference<>();
        self.set(b.subscribe(channel, SubscribeOptions.disconnect().capacity(n), m -> {
          got.add(m);
          if (got.size() == after) {
            self.get().close();
          }
        }));
        quitters.add(new Quitter(after, got, self.get()));
      }
      Subscription reader = b.subscribe(channel, SubscribeOptions.disconnect().capacity(n));
      List<Message> called = new CopyOnWriteArrayList<>();
      CountDownLatch allCalled = new CountDownLatch(n);
      Subscription callback = b.subscribe(channel, SubscribeOptions.disconnect().capacity(n), m -> {
        called.add(m);
        allCalled.countDown();
      });

      List<Message> sent = publish(a, channel, "r" + round + "-", n);
      assertEquals(sent, next(reader, n), where + ": the reader got every message once, in order");
      assertTrue(allCalled.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), where + ": the callback got " + called.size());
      assertEquals(sent, called, where + ": the callback got every message once, in order");
      for (Subscription s : slow) {
        assertEquals(End.TOO_SLOW, s.whenEnded().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), where);
        assertEquals(0, s.dropped(), where);
      }
      for (Quitter q : quitters) {
        assertEquals(End.CLOSED, q.sub().whenEnded().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), where);
        assertEquals(sent.subList(0, q.after()), q.got(), where + ": a subscriber that quit got what came before");
      }
      assertEquals(2, b.subscribers(channel), where + ": only those that kept up are left");
      reader.close();
      callback.close();
      assertEquals(0, b.subscribers(channel), where);
    }
  }

  /**
   * While the other instance publishes, a subscriber keeps leaving (the channel's last subscriber
   * on its instance) and resuming from the last id it got: every resume is COMPLETE and the
   * messages come each once, in publish order.
   */
  @Test
  public void resumingRightAfterTheLastSubscriberLeftLosesAndRepeatsNothing() throws Exception {
    int total = 3 * stressRounds();
    Hub a = hub("relay", total);
    Hub b = peer(a);
    SubscribeOptions options = SubscribeOptions.disconnect().capacity(total);
    Subscription sub = b.subscribe("relay", options);
    Thread publisher = Thread.ofVirtual().start(() -> publish(a, "relay", "", total));
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int got = 0;
    for (int resumes = 0; got < total; resumes++) {
      long last = -1;
      for (Message m : next(sub, Math.min(total - got, 1 + random.nextInt(15)))) {
        assertEquals(Integer.toString(got), m.data(), "after " + resumes + " resumes (seed " + seed + ")");
        got++;
        last = m.id();
      }
      sub.close();
      sub = b.subscribe("relay", options.afterId(last));
      assertEquals(Resume.COMPLETE, sub.resume(), "resume #" + (resumes + 1) + " from " + last);
    }
    publisher.join(PATIENCE.toMillis());
    assertNull(sub.poll(Duration.ofMillis(20)), "nothing after the last one");
    sub.close();
  }

  /**
   * How many rounds the stress tests above run: {@value #STRESS_ROUNDS} unless the system property
   * {@code eddy.hub.stressRounds} says otherwise (e.g. 3000 to hunt a rare race for a few minutes).
   */
  protected static int stressRounds() {
    return Integer.getInteger("eddy.hub.stressRounds", STRESS_ROUNDS);
  }

  private static final int STRESS_ROUNDS = 150;

  @Test
  public void aDropOldestSubscriberKeepsTheNewestAndCountsTheRest() throws Exception {
    Hub a = hub(null, 0);
    Hub b = peer(a);
    try (Subscription sub = b.subscribe("prices", SubscribeOptions.dropOldest().capacity(4))) {
      List<Message> all = publish(a, "prices", "p", 50);
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (sub.dropped() < 46 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(46, sub.dropped());
      assertEquals(all.subList(46, 50), next(sub, 4));
    }
  }

  @Test
  public void closingEndsEverySubscriptionAndRefusesLaterCalls() throws Exception {
    Hub a = hub(null, 0);
    Subscription sub = a.subscribe("room", SubscribeOptions.disconnect());
    Subscription cb = a.subscribe("room", SubscribeOptions.disconnect(), m -> {});
    assertEquals(2, a.subscribers("room"));
    a.close();
    assertEquals(End.HUB_CLOSED, sub.end().orElseThrow());
    assertEquals(End.HUB_CLOSED, cb.whenEnded().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    assertThrows(IllegalStateException.class, () -> a.publish("room", "message", "x"));
    assertThrows(IllegalStateException.class, () -> a.subscribe("room", SubscribeOptions.disconnect()));
    a.close();
  }

  @Test
  public void badArgumentsAreRefusedWithAReason() throws Exception {
    Hub a = hub(null, 0);
    assertThrows(IllegalArgumentException.class, () -> a.publish(" ", "message", "x"));
    assertThrows(IllegalArgumentException.class, () -> a.publish("x".repeat(Hub.MAX_CHANNEL_NAME + 1), "m", "x"));
    assertThrows(IllegalArgumentException.class, () -> a.publish("room", null, "x"));
    assertThrows(IllegalArgumentException.class, () -> a.subscribe("room", null));
    assertThrows(IllegalArgumentException.class, () -> a.subscribe("room", SubscribeOptions.disconnect(), null));
  }

  protected static List<Message> publish(Hub hub, String channel, String prefix, int n) {
    List<Message> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(hub.publish(channel, "message", prefix + i));
    }
    return out;
  }

  protected static List<Message> next(Subscription sub, int n) throws InterruptedException {
    List<Message> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Message m = sub.poll(PATIENCE);
      if (m == null) {
        throw new AssertionError("message " + (i + 1) + " of " + n + " did not come on " + sub);
      }
      out.add(m);
    }
    return out;
  }

  private static List<Message> drain(Subscription sub) throws InterruptedException {
    List<Message> out = new ArrayList<>();
    for (Message m = sub.poll(Duration.ofMillis(300)); m != null; m = sub.poll(Duration.ofMillis(300))) {
      out.add(m);
    }
    return out;
  }
}
