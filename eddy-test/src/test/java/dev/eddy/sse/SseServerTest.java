package dev.eddy.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SseServerTest {

  /** Reads lines until {@code count} blank-line-terminated events (comments included) arrived. */
  private static List<String> readEvents(Iterator<String> lines, int count) {
    List<String> events = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    while (events.size() < count && lines.hasNext()) {
      String line = lines.next();
      if (line.isEmpty()) {
        events.add(current.toString());
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    return events;
  }

  @Test
  void eventsAreFramedAsTheEventStreamFormatSays() throws Exception {
    App app = new App();
    app.sse("/events", client -> {
      client.send("hello");
      client.send("greeting", "line one\nline two\r\nline three", "7");
      client.send("unicode", "été ✓ 🚀");
      client.retry(Duration.ofSeconds(3));
      client.comment("just a comment");
      client.close();
    });
    EddyTest.run(app, (server, client) -> {
      HttpResponse<Stream<String>> r = client.http().send(client.request("/events").build(), HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, r.statusCode());
      assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElseThrow());
      List<String> events = readEvents(r.body().iterator(), 5);
      assertEquals(List.of(
          "data: hello\n",
          "id: 7\nevent: greeting\ndata: line one\ndata: line two\ndata: line three\n",
          "event: unicode\ndata: été ✓ 🚀\n",
          "retry: 3000\n",
          ": just a comment\n"), events);
    });
  }

  @Test
  void theLastEventIdIsExposedFromTheHeaderOrTheQuery() throws Exception {
    App app = new App();
    app.sse("/resume", client -> {
      client.send("resumed", String.valueOf(client.lastEventId()));
      client.close();
    });
    EddyTest.run(app, (server, client) -> {
      var withHeader = client.http().send(client.request("/resume").header("Last-Event-ID", "41").build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(withHeader.body().contains("data: 41\n"), withHeader.body());
      var withQuery = client.get("/resume?lastEventId=12");
      assertTrue(withQuery.body().contains("data: 12\n"), withQuery.body());
      assertTrue(client.get("/resume").body().contains("data: null\n"));
    });
  }

  @Test
  void theStreamOutlivesTheHandlerAndCanBeFedFromAnotherThread() throws Exception {
    AtomicReference<SseClient> held = new AtomicReference<>();
    CountDownLatch connected = new CountDownLatch(1);
    App app = new App();
    app.sse("/later", client -> {
      held.set(client);
      connected.countDown();
      // returns at once: the stream stays open
    });
    EddyTest.run(app, (server, client) -> {
      HttpResponse<Stream<String>> r = client.http().send(client.request("/later").build(), HttpResponse.BodyHandlers.ofLines());
      assertTrue(connected.await(5, TimeUnit.SECONDS));
      Iterator<String> lines = r.body().iterator();
      Thread.ofVirtual().start(() -> {
        held.get().send("tick", "1");
        held.get().send("tick", "2");
        held.get().close();
      });
      assertEquals(List.of("event: tick\ndata: 1\n", "event: tick\ndata: 2\n"), readEvents(lines, 2));
      assertFalse(lines.hasNext(), "close() ends the response");
    });
  }

  @Test
  void keepAliveCommentsGoOutWhenNothingElseDoes() throws Exception {
    App app = new App();
    app.sse("/quiet", SseOptions.defaults().keepAlive(Duration.ofMillis(200)), client -> { });
    EddyTest.run(app, (server, client) -> {
      HttpResponse<Stream<String>> r = client.http().send(client.request("/quiet").build(), HttpResponse.BodyHandlers.ofLines());
      List<String> events = readEvents(r.body().iterator(), 2);
      assertEquals(List.of(": keep-alive\n", ": keep-alive\n"), events);
    });
  }

  @Test
  void aClientThatLeavesIsNoticedPromptly() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    CountDownLatch opened = new CountDownLatch(1);
    App app = new App();
    app.sse("/watch", client -> {
      client.onClose(closed::countDown);
      opened.countDown();
    });
    EddyTest.run(app, (server, client) -> {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.getOutputStream().write("GET /watch HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(opened.await(5, TimeUnit.SECONDS));
      }
      assertTrue(closed.await(2, TimeUnit.SECONDS), "onClose should fire soon after the client leaves");
    });
  }

  @Test
  void aClientThatDoesNotReadIsDisconnectedInsteadOfBuffered() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    AtomicReference<Integer> accepted = new AtomicReference<>(0);
    App app = new App();
    app.sse("/flood", SseOptions.defaults().maxQueuedBytes(256 * 1024), client -> {
      client.onClose(closed::countDown);
      String block = "x".repeat(4096);
      int sent = 0;
      for (int i = 0; i < 100_000 && client.send(block); i++) {
        sent++;
      }
      accepted.set(sent);
    });
    EddyTest.run(app, (server, client) -> {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setReceiveBufferSize(16 * 1024);
        s.getOutputStream().write("GET /flood HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the slow client should be dropped");
        // 100,000 x 4 KiB = 400 MB would have been queued; the limit stopped it far earlier.
        assertTrue(accepted.get() < 20_000, "accepted " + accepted.get() + " events for a client that reads nothing");
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        assertTrue(in.readLine().startsWith("HTTP/1.1 200"));
      }
    });
  }
}
