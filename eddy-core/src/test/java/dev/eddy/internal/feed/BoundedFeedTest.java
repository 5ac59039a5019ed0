package dev.eddy.internal.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.hub.Overflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The rules BoundedFeed holds for both of its subclasses, at their edges: the exact capacity, the
 * last item, replacement at the tail, and who completes whenEnded. The Hub and task tests cover
 * the rest through the public interfaces.
 */
class BoundedFeedTest {
  private static final Duration PATIENCE = Duration.ofSeconds(5);

  enum End { CLOSED, TOO_SLOW, FAILED, FINISHED, OWNER }

  static final class Ended extends RuntimeException {
    final End reason;

    Ended(End reason) {
      super("ended: " + reason);
      this.reason = reason;
    }
  }

  /** Strings; "last" ends the feed with FINISHED once taken; "~x" replaces a queued "~y". */
  static final class Feed extends BoundedFeed<String, End> {
    final AtomicInteger left = new AtomicInteger();

    Feed(int capacity, Overflow overflow, String[] replay, Consumer<String> callback) {
      super("feed", capacity, overflow, new Ends<>(End.CLOSED, End.TOO_SLOW, End.FAILED), replay, callback,
          Thread.ofVirtual().name("feed-", 1).factory());
    }

    @Override
    protected RuntimeException endedException(End reason) {
      return new Ended(reason);
    }

    @Override
    protected void callbackFailed(String item, Throwable t) {}

    @Override
    protected void leaveOwner() {
      left.incrementAndGet();
    }

    @Override
    protected End endAfter(String item) {
      return item.equals("last") ? End.FINISHED : null;
    }

    @Override
    protected boolean replaces(String item, String queuedTail) {
      return item.startsWith("~") && queuedTail.startsWith("~");
    }
  }

  private static Feed reader(int capacity, Overflow overflow) {
    return new Feed(capacity, overflow, new String[0], null);
  }

  private static List<String> take(Feed feed, int n) throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String item = feed.poll(PATIENCE);
      assertTrue(item != null, "item " + (i + 1) + " of " + n + " did not come");
      out.add(item);
    }
    return out;
  }

  @Test
  void aQueueExactlyAtCapacityKeepsEverythingAndTheNextItemDisconnects() throws Exception {
    Feed feed = reader(3, Overflow.DISCONNECT);
    assertTrue(feed.offer("a") && feed.offer("b") && feed.offer("c"));
    assertEquals(Optional.empty(), feed.end());
    assertFalse(feed.offer("d"), "the owner drops a feed that overflowed");
    assertEquals(Optional.of(End.TOO_SLOW), feed.end());
    assertEquals(0, feed.dropped());
    assertEquals(End.TOO_SLOW, assertThrows(Ended.class, feed::next).reason, "queued items are discarded");
    assertEquals(0, feed.left.get(), "the owner took it out already");
  }

  @Test
  void aQueueExactlyAtCapacityDropsOnlyWhenTheNextItemComes() throws Exception {
    Feed feed = reader(3, Overflow.DROP_OLDEST);
    assertTrue(feed.offer("a") && feed.offer("b") && feed.offer("c"));
    assertEquals(0, feed.dropped());
    assertTrue(feed.offer("d"));
    assertEquals(1, feed.dropped());
    assertEquals(List.of("b", "c", "d"), take(feed, 3));
    assertNull(feed.poll(Duration.ZERO));
  }

  @Test
  void theLastItemGoesIntoAFullQueueAndEndsTheFeedOnceTaken() throws Exception {
    Feed feed = reader(2, Overflow.DISCONNECT);
    assertTrue(feed.offer("a") && feed.offer("b"));
    assertFalse(feed.offer("last"), "nothing follows the last item");
    assertEquals(Optional.empty(), feed.end(), "open until the last item is taken");
    assertEquals(List.of("a", "b", "last"), take(feed, 3));
    assertEquals(Optional.of(End.FINISHED), feed.end());
    assertEquals(End.FINISHED, feed.whenEnded().toCompletableFuture().getNow(null),
        "the reader that took the last item completed it");
    assertFalse(feed.offer("late"));
  }

  @Test
  void takingTheLastItemWakesEveryOtherWaitingReader() throws Exception {
    Feed feed = reader(4, Overflow.DISCONNECT);
    List<CompletableFuture<Object>> outcomes = List.of(new CompletableFuture<>(), new CompletableFuture<>());
    List<Thread> readers = new ArrayList<>();
    for (CompletableFuture<Object> outcome : outcomes) {
      readers.add(Thread.ofVirtual().start(() -> {
        try {
          outcome.complete(feed.next());
        } catch (Throwable t) {
          outcome.complete(t);
        }
      }));
    }
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (readers.stream().anyMatch(r -> r.getState() != Thread.State.WAITING) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertFalse(feed.offer("last"));
    List<Object> got = new ArrayList<>();
    for (CompletableFuture<Object> outcome : outcomes) {
      got.add(outcome.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }
    assertEquals(1, got.stream().filter("last"::equals).count(), "one reader took it: " + got);
    assertEquals(1, got.stream().filter(o -> o instanceof Ended e && e.reason == End.FINISHED).count(),
        "the other learned the feed is over: " + got);
  }

  @Test
  void aNewItemReplacesTheQueuedTailBeforeTheBoundApplies() throws Exception {
    Feed feed = reader(2, Overflow.DISCONNECT);
    assertTrue(feed.offer("a") && feed.offer("~1"));
    for (int i = 2; i <= 100; i++) {
      assertTrue(feed.offer("~" + i), "replacing never overflows");
    }
    assertEquals(List.of("a", "~100"), take(feed, 2));
  }

  @Test
  void theReplayDoesNotCountAgainstTheCapacity() throws Exception {
    Feed feed = new Feed(1, Overflow.DISCONNECT, new String[] {"r1", "r2", "r3"}, null);
    assertTrue(feed.offer("live"));
    assertEquals(List.of("r1", "r2", "r3", "live"), take(feed, 4));
  }

  @Test
  void whenEndedCompletesOffTheThreadThatEndedTheFeed() throws Exception {
    Feed feed = reader(1, Overflow.DISCONNECT);
    CompletableFuture<Thread> completer = new CompletableFuture<>();
    feed.whenEnded().thenRun(() -> completer.complete(Thread.currentThread()));
    assertTrue(feed.end(End.OWNER));
    assertFalse(feed.end(End.CLOSED), "it ends once");
    feed.close();
    assertEquals(0, feed.left.get(), "close after the owner ended it leaves nothing");
    assertNotSame(Thread.currentThread(), completer.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(Optional.of(End.OWNER), feed.end());
  }

  @Test
  void closingFromInsideACallbackFinishesItAndStartsNoOther() throws Exception {
    List<String> got = new ArrayList<>();
    CompletableFuture<Feed> self = new CompletableFuture<>();
    CompletableFuture<Thread> callbackThread = new CompletableFuture<>();
    Feed feed = new Feed(8, Overflow.DISCONNECT, new String[] {"r1", "r2"}, item -> {
      got.add(item);
      callbackThread.complete(Thread.currentThread());
      self.join().close();
      got.add(item + " done");
    });
    CompletableFuture<Thread> completer = new CompletableFuture<>();
    feed.whenEnded().thenRun(() -> completer.complete(Thread.currentThread()));
    self.complete(feed);
    feed.offer("live");
    feed.start();
    assertEquals(End.CLOSED, feed.whenEnded().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(List.of("r1", "r1 done"), got);
    assertEquals(1, feed.left.get());
    assertEquals(callbackThread.get(), completer.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS),
        "the delivery thread completes whenEnded after its callback returned");
  }

  @Test
  void aThrowingCallbackEndsTheFeedOnceAndLeavesTheOwner() throws Exception {
    Feed feed = new Feed(8, Overflow.DISCONNECT, new String[0], item -> {
      throw new IllegalStateException("boom");
    });
    feed.offer("a");
    feed.offer("b");
    assertEquals(End.FAILED, feed.whenEnded().toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(1, feed.left.get());
    assertFalse(feed.offer("c"));
    assertThrows(IllegalStateException.class, feed::next, "a callback feed can't be read");
  }

  @Test
  void anInterruptedReaderLeavesTheFeedOpen() throws Exception {
    Feed feed = reader(1, Overflow.DISCONNECT);
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, feed::next);
    Thread.currentThread().interrupt();
    assertFalse(feed.iterator().hasNext());
    assertTrue(Thread.interrupted(), "hasNext keeps the interrupt status set");
    assertEquals(Optional.empty(), feed.end());
    assertTrue(feed.offer("a"));
    assertEquals(List.of("a"), take(feed, 1));
  }
}
