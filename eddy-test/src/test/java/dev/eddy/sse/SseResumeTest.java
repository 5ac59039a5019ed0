package dev.eddy.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.client.SseEvent;
import dev.eddy.hub.Hub;
import dev.eddy.hub.InMemoryHub;
import dev.eddy.hub.SubscribeOptions;
import dev.eddy.hub.Subscription;
import dev.eddy.sse.NodeEventSource.Recorded;
import dev.eddy.test.EddyTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client whose connection is cut mid-stream reconnects with {@code Last-Event-ID}, the server
 * resumes from the Hub's history, and the client ends with every event exactly once, in order,
 * while publishing goes on throughout. Checked with Eddy's Java client and the {@code eventsource}
 * npm package at once, through a proxy that resets both of their connections twice.
 */
class SseResumeTest {
  private static final int EVENTS = 3000;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The way an app resumes an event stream from the Hub: subscribe after the client's last id. */
  private static App feed(Hub hub, List<Subscription.Resume> resumes) {
    App app = new App();
    app.sse("/feed", client -> {
      client.retry(Duration.ofMillis(100));
      SubscribeOptions options = SubscribeOptions.disconnect().capacity(EVENTS + 100);
      String last = client.lastEventId();
      if (last != null) {
        options = options.afterId(Long.parseLong(last));
      }
      Subscription sub = hub.subscribe("feed", options, m -> client.send(m.event(), m.data(), Long.toString(m.id())));
      resumes.add(sub.resume());
      sub.whenEnded().thenRun(client::close);
      client.onClose(sub::close);
    });
    return app;
  }

  @Test
  void aClientCutOffMidStreamResumesWithEveryEventExactlyOnce() throws Exception {
    List<Subscription.Resume> resumes = new CopyOnWriteArrayList<>();
    try (Hub hub = InMemoryHub.builder().history("feed", EVENTS + 100).build()) {
      EddyTest.run(feed(hub, resumes), (server, client) -> {
        try (DroppingProxy proxy = new DroppingProxy(server.port());
             NodeEventSource node = NodeEventSource.start(proxy.uri("/feed"), Set.of("tick"), "done", TIMEOUT);
             dev.eddy.client.SseClient java = dev.eddy.client.SseClient.builder(proxy.uri("/feed"))
                 .reconnectDelay(Duration.ofMillis(100)).connect()) {
          long deadline = System.nanoTime() + TIMEOUT.toNanos();
          while (hub.subscribers("feed") < 2) {
            assertTrue(System.nanoTime() < deadline, "both clients subscribed");
            Thread.sleep(10);
          }
          CountDownLatch javaSawOne = new CountDownLatch(1);
          Thread publisher = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < EVENTS; i++) {
              hub.publish("feed", i == EVENTS - 1 ? "done" : "tick", "event " + i);
              if (i == 1000) {
                // A client that has seen no id can't resume (it would start again, live): make
                // sure both have one before the first cut, however slow their start was.
                await(javaSawOne);
                awaitFirstEvent(node);
              }
              if (i == 1000 || i == 2000) {
                proxy.dropAll(); // both clients are mid-stream: neither has its "done" yet
              }
              if (i == 1500 || i == 2500) {
                awaitSize(resumes, i == 1500 ? 4 : 6); // both are back before the next cut
              }
              if (i % 10 == 0) {
                sleep(2); // spread over about half a second, so the cuts land mid-stream
              }
            }
          });
          List<SseEvent> fromJava = new ArrayList<>();
          while (fromJava.isEmpty() || !fromJava.getLast().event().equals("done")) {
            SseEvent e = java.next(TIMEOUT);
            assertNotNull(e, "the Java client got " + fromJava.size() + " events");
            fromJava.add(e);
            javaSawOne.countDown();
          }
          publisher.join(TIMEOUT);
          List<Recorded> fromNode = node.await(TIMEOUT);

          assertExactlyOnceInOrder("Java client", fromJava.stream().map(SseEvent::data).toList());
          assertExactlyOnceInOrder("eventsource package", fromNode.stream().map(Recorded::data).toList());
          assertEquals(6, resumes.size(), "each client opened the stream three times: " + resumes);
          assertEquals(2, resumes.stream().filter(r -> r == Subscription.Resume.LIVE).count(), "one first connection each: " + resumes);
          assertEquals(4, resumes.stream().filter(r -> r == Subscription.Resume.COMPLETE).count(),
              "the reconnections resumed from history without a gap: " + resumes);
        }
      });
    }
  }

  /** Fails naming the first place where {@code got} differs from event 0 .. EVENTS-1. */
  private static void assertExactlyOnceInOrder(String who, List<String> got) {
    for (int i = 0; i < Math.max(EVENTS, got.size()); i++) {
      String want = i < EVENTS ? "event " + i : "(nothing)";
      String was = i < got.size() ? got.get(i) : "(nothing)";
      if (!want.equals(was)) {
        throw new AssertionError(who + " got " + got.size() + " events; at " + i + " expected '" + want + "' but got '"
            + was + "', around it: " + got.subList(Math.max(0, i - 3), Math.min(got.size(), i + 4)));
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitFirstEvent(NodeEventSource node) {
    try {
      node.awaitFirstEvent(TIMEOUT);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitSize(List<?> list, int size) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (list.size() < size && System.nanoTime() < deadline) {
      sleep(5);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
