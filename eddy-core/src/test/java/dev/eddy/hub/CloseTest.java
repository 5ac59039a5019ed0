package dev.eddy.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.hub.Subscription.End;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CloseTest {

  @Test
  void closingASubscriptionUnblocksItsWaitingReader() throws Exception {
    try (Hub hub = Hub.inMemory()) {
      Subscription sub = hub.subscribe("chat", SubscribeOptions.disconnect());
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      Thread reader = Thread.ofVirtual().start(() -> {
        try {
          sub.next();
          thrown.complete(null);
        } catch (Throwable t) {
          thrown.complete(t);
        }
      });
      awaitWaiting(reader);

      sub.close();
      Throwable t = thrown.get(5, TimeUnit.SECONDS);
      assertTrue(t instanceof SubscriptionEndedException, "got " + t);
      assertEquals(End.CLOSED, ((SubscriptionEndedException) t).end());
      assertEquals(End.CLOSED, sub.whenEnded().toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertEquals(0, hub.subscribers("chat"));
    }
  }

  @Test
  void closingTheHubEndsEveryReaderIteratorAndCallback() throws Exception {
    Hub hub = Hub.inMemory();
    Subscription polled = hub.subscribe("a", SubscribeOptions.disconnect());
    Subscription iterated = hub.subscribe("b", SubscribeOptions.dropOldest());
    Subscription called = hub.subscribe("c", SubscribeOptions.dropOldest(), m -> {});
    CompletableFuture<Throwable> pollEnded = new CompletableFuture<>();
    Thread poller = Thread.ofVirtual().start(() -> {
      try {
        polled.poll(Duration.ofMinutes(5));
        pollEnded.complete(null);
      } catch (Throwable t) {
        pollEnded.complete(t);
      }
    });
    List<Message> seen = new CopyOnWriteArrayList<>();
    Thread looper = Thread.ofVirtual().start(() -> iterated.forEach(seen::add));
    awaitWaiting(poller);
    awaitWaiting(looper);

    hub.close();

    Throwable t = pollEnded.get(5, TimeUnit.SECONDS);
    assertTrue(t instanceof SubscriptionEndedException e && e.end() == End.HUB_CLOSED, "got " + t);
    assertTrue(looper.join(Duration.ofSeconds(5)), "the for-each loop ended");
    assertTrue(seen.isEmpty());
    for (Subscription sub : List.of(polled, iterated, called)) {
      assertEquals(End.HUB_CLOSED, sub.whenEnded().toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertEquals(End.HUB_CLOSED, sub.end().orElseThrow());
    }
    IllegalStateException publish =
        assertThrows(IllegalStateException.class, () -> hub.publish("a", "message", "x"));
    assertEquals("the hub is closed", publish.getMessage());
    assertThrows(IllegalStateException.class,
        () -> hub.subscribe("a", SubscribeOptions.disconnect()));
    hub.close();
  }

  @Test
  void aSubscriptionThatEndedDiscardsWhatWasQueued() throws Exception {
    try (Hub hub = Hub.inMemory()) {
      Subscription sub = hub.subscribe("chat", SubscribeOptions.disconnect());
      Read.publish(hub, "chat", "m", 3);
      sub.close();
      assertThrows(SubscriptionEndedException.class, sub::next);
      assertThrows(SubscriptionEndedException.class, () -> sub.poll(Duration.ZERO));
      assertFalse(sub.iterator().hasNext());
    }
  }

  @Test
  void pollReturnsNullWhenNothingComesInTime() throws Exception {
    try (Hub hub = Hub.inMemory();
        Subscription sub = hub.subscribe("chat", SubscribeOptions.disconnect())) {
      long start = System.nanoTime();
      assertNull(sub.poll(Duration.ofMillis(30)));
      assertTrue(System.nanoTime() - start >= Duration.ofMillis(30).toNanos());
      assertTrue(sub.end().isEmpty());
    }
  }

  @Test
  void anInterruptEndsAForEachLoopButNotTheSubscription() throws Exception {
    try (Hub hub = Hub.inMemory();
        Subscription sub = hub.subscribe("chat", SubscribeOptions.disconnect())) {
      CompletableFuture<Boolean> interruptedAfterLoop = new CompletableFuture<>();
      Thread looper = Thread.ofVirtual().start(() -> {
        for (Message m : sub) {
          // nothing comes
        }
        interruptedAfterLoop.complete(Thread.currentThread().isInterrupted());
      });
      awaitWaiting(looper);
      looper.interrupt();
      assertTrue(interruptedAfterLoop.get(5, TimeUnit.SECONDS), "the interrupt status is kept");
      assertTrue(sub.end().isEmpty(), "the subscription stays open");
      hub.publish("chat", "message", "still here");
      assertEquals("still here", sub.poll(Read.PATIENCE).data());
    }
  }

  /** Waits until {@code t} is parked, e.g. inside next(). */
  static void awaitWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + Read.PATIENCE.toNanos();
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      assertTrue(System.nanoTime() < deadline, t + " never started waiting");
      Thread.sleep(1);
    }
  }
}
