package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** After a stream ends or breaks, the client reconnects and resumes from the last event id. */
class SseReconnectionTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static void send(OutputStream out, String text) throws Exception {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Test
  void aDroppedStreamResumesFromTheLastEventId() throws Exception {
    List<String> lastIds = new CopyOnWriteArrayList<>();
    App app = new App();
    app.get("/events", ctx -> {
      String last = ctx.header("Last-Event-ID");
      lastIds.add(last == null ? "(none)" : last);
      if ("6".equals(last)) {
        ctx.status(204); // all sent: ask the client to stop
        return;
      }
      int from = last == null ? 1 : Integer.parseInt(last) + 1;
      OutputStream out = ctx.stream("text/event-stream");
      send(out, "retry: 50\n\n");
      for (int i = from; i <= 6; i++) {
        send(out, "id: " + i + "\ndata: event " + i + "\n\n");
        if (i == 3 && from == 1) {
          send(out, "id: 4\ndata: half of event 4\n"); // never finished
          throw new IllegalStateException("the test drops the connection mid-stream");
        }
      }
      out.close(); // a clean end: the client reconnects too
    });
    EddyTest.run(app, (server, client) -> {
      try (SseClient sse = SseClient.connect(server.uri("/events"))) {
        List<String> got = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
          SseEvent e = sse.next(WAIT);
          assertNotNull(e, "event " + i + " within " + WAIT);
          assertEquals(String.valueOf(i), e.id());
          got.add(e.data());
        }
        assertEquals(List.of("event 1", "event 2", "event 3", "event 4", "event 5", "event 6"), got);
        IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> sse.next(WAIT));
        assertEquals(204, assertInstanceOf(SseRefusedException.class, stopped.getCause()).status());
        assertEquals(List.of("(none)", "3", "6"), lastIds, "Last-Event-ID of each connection");
        assertEquals("6", sse.lastEventId());
        assertEquals(Duration.ofMillis(50), sse.reconnectDelay(), "set by the server's retry field");
        assertTrue(sse.isClosed());
      }
    });
  }

  @Test
  void theFirstConnectionSendsTheLastEventIdItWasGiven() throws Exception {
    BlockingQueue<String> lastIds = new LinkedBlockingQueue<>();
    App app = new App();
    app.get("/events", ctx -> {
      lastIds.add(String.valueOf(ctx.header("Last-Event-ID")));
      ctx.status(204);
    });
    EddyTest.run(app, (server, client) -> {
      try (SseClient sse = SseClient.builder(server.uri("/events")).lastEventId("41").connect()) {
        assertEquals("41", lastIds.poll(5, TimeUnit.SECONDS));
        assertEquals("41", sse.lastEventId());
      }
    });
  }

  @Test
  void failedConnectionsAreRetriedWithBackoffUntilClosed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: connections are refused
    }
    BlockingQueue<Long> failures = new LinkedBlockingQueue<>();
    SseClient sse = SseClient.builder(URI.create("http://127.0.0.1:" + port + "/events"))
        .reconnectDelay(Duration.ofMillis(20))
        .maxReconnectDelay(Duration.ofMillis(80))
        .listener(new SseClient.Listener() {
          @Override
          public void onEvent(SseEvent event) {}

          @Override
          public void onError(Throwable error) {
            failures.add(System.nanoTime());
          }
        })
        .connect();
    try {
      List<Long> at = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Long t = failures.poll(5, TimeUnit.SECONDS);
        assertNotNull(t, "attempt " + (i + 1));
        at.add(t);
      }
      long lastGap = TimeUnit.NANOSECONDS.toMillis(at.get(5) - at.get(4));
      assertTrue(lastGap >= 70, "the delay grew to the 80 ms cap, was " + lastGap + " ms");
      assertTrue(!sse.isClosed(), "connection failures don't stop the client");
    } finally {
      sse.close();
    }
    assertTrue(sse.isClosed());
    failures.clear();
    Thread.sleep(200);
    assertEquals(0, failures.size(), "no attempts after close()");
  }
}
