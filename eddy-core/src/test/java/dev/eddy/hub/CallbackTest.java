package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.hub.Subscription.End;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallbackTest {

  @Test
  void callbacksComeInOrderOneAtATimeAndNeverOnThePublishersThread() throws Exception {
    int publishers = 2;
    int each = 1000;
    try (Hub hub = Hub.inMemory()) {
      AtomicInteger running = new AtomicInteger();
      AtomicInteger mostAtOnce = new AtomicInteger();
      Set<Thread> callbackThreads = ConcurrentHashMap.newKeySet();
      List<Long> ids = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(publishers * each);
      hub.subscribe("jobs", SubscribeOptions.disconnect().capacity(publishers * each), m -> {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        callbackThreads.add(Thread.currentThread());
        if (m.id() % 97 == 0) {
          Thread.yield(); // let the queue run dry now and then, so delivery threads come and go
        }
        ids.add(m.id());
        running.decrementAndGet();
        done.countDown();
      });

      Set<Thread> publisherThreads = ConcurrentHashMap.newKeySet();
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < publishers; p++) {
        threads.add(Thread.ofPlatform().start(() -> {
          publisherThreads.add(Thread.currentThread());
          for (int i = 0; i < each; i++) {
            hub.publish("jobs", "message", "x");
            if (i % 50 == 0) {
              Thread.yield();
            }
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }

      assertTrue(done.await(5, TimeUnit.SECONDS), "every message was delivered");
      assertEquals(1, mostAtOnce.get(), "never two callbacks at once");
      assertEquals(ids.stream().sorted().toList(), ids, "in id order");
      assertEquals(publishers * each, ids.stream().distinct().count(), "each once");
      for (Thread t : callbackThreads) {
        assertFalse(publisherThreads.contains(t), "a callback ran on a publisher's thread");
        assertTrue(t.isVirtual(), "callbacks run on virtual threads");
      }
    }
  }

  @Test
  void replayedMessagesGoToTheCallbackBeforeLiveOnes() throws Exception {
    try (Hub hub = InMemoryHub.builder().history("chat", 10).build()) {
      List<Message> old = Read.publish(hub, "chat", "old", 5);
      List<Message> got = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(7);
      hub.subscribe("chat", SubscribeOptions.disconnect().afterId(old.get(1).id()), m -> {
        got.add(m);
        done.countDown();
      });
      List<Message> live = Read.publish(hub, "chat", "live", 4);
      assertTrue(done.await(5, TimeUnit.SECONDS));
      List<Message> expected = new ArrayList<>(old.subList(2, 5));
      expected.addAll(live);
      assertEquals(expected, got);
    }
  }

  @Test
  void aThrowingCallbackEndsItsSubscription() throws Exception {
    try (Hub hub = Hub.inMemory()) {
      List<String> got = new CopyOnWriteArrayList<>();
      Subscription sub = hub.subscribe("chat", SubscribeOptions.disconnect(), m -> {
        got.add(m.data());
        if (m.data().equals("m2")) {
          throw new IllegalStateException("the client went away");
        }
      });
      Read.publish(hub, "chat", "m", 3);
      assertEquals(End.FAILED, sub.whenEnded().toCompletableFuture().get(5, TimeUnit.SECONDS));
      Read.publish(hub, "chat", "later", 3);
      assertEquals(List.of("m0", "m1", "m2"), got);
      assertEquals(0, hub.subscribers("chat"));
    }
  }

  @Test
  void closingInsideTheCallbackStopsDelivery() throws Exception {
    try (Hub hub = Hub.inMemory()) {
      List<String> got = new CopyOnWriteArrayList<>();
      CompletableFuture<Subscription> self = new CompletableFuture<>();
      Subscription sub = hub.subscribe("chat", SubscribeOptions.disconnect(), m -> {
        got.add(m.data());
        self.join().close();
      });
      self.complete(sub);
      Read.publish(hub, "chat", "m", 5);
      assertEquals(End.CLOSED, sub.whenEnded().toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertEquals(List.of("m0"), got);
    }
  }

  @Test
  void whenEndedCompletesOnlyAfterTheRunningCallbackReturns() throws Exception {
    try (Hub hub = Hub.inMemory()) {
      CountDownLatch inCallback = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger calls = new AtomicInteger();
      Subscription sub = hub.subscribe("chat", SubscribeOptions.disconnect(), m -> {
        calls.incrementAndGet();
        inCallback.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Read.publish(hub, "chat", "m", 3);
      assertTrue(inCallback.await(5, TimeUnit.SECONDS));

      sub.close();
      CompletableFuture<End> ended = sub.whenEnded().toCompletableFuture();
      assertThrows(java.util.concurrent.TimeoutException.class,
          () -> ended.get(20, TimeUnit.MILLISECONDS), "ended while a callback still ran");
      release.countDown();
      assertEquals(End.CLOSED, ended.get(5, TimeUnit.SECONDS));
      assertEquals(1, calls.get(), "queued messages are discarded on close");
    }
  }

  @Test
  void aCallbackSubscriptionCannotBeRead() {
    try (Hub hub = Hub.inMemory();
        Subscription sub = hub.subscribe("chat", SubscribeOptions.disconnect(), m -> {})) {
      IllegalStateException e = assertThrows(IllegalStateException.class, sub::next);
      assertTrue(e.getMessage().contains("callback"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> sub.poll(Duration.ZERO));
      assertThrows(IllegalStateException.class, sub::iterator);
    }
  }
}
