package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.Handler;
import dev.eddy.test.EddyTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A response that is not 200 with text/event-stream stops the client for good; so does close(). */
class SseRefusalTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static SseRefusedException refusal(Handler route) throws Exception {
    AtomicInteger requests = new AtomicInteger();
    App app = new App();
    app.get("/events", ctx -> {
      requests.incrementAndGet();
      route.handle(ctx);
    });
    SseRefusedException[] refused = new SseRefusedException[1];
    EddyTest.run(app, (server, client) -> {
      try (SseClient sse = SseClient.builder(server.uri("/events")).reconnectDelay(Duration.ofMillis(10)).connect()) {
        IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> sse.next(WAIT));
        refused[0] = assertInstanceOf(SseRefusedException.class, stopped.getCause());
        Thread.sleep(100);
        assertEquals(1, requests.get(), "no reconnection after a refusal");
        assertTrue(sse.isClosed());
      }
    });
    return refused[0];
  }

  @Test
  void noContentStopsTheClient() throws Exception {
    assertEquals(204, refusal(ctx -> ctx.status(204)).status());
  }

  @Test
  void anErrorStatusStopsTheClient() throws Exception {
    SseRefusedException e = refusal(ctx -> ctx.status(503).text("busy"));
    assertEquals(503, e.status());
    assertTrue(e.getMessage().contains("503"), e.getMessage());
  }

  @Test
  void aSuccessThatIsNotAnEventStreamStopsTheClient() throws Exception {
    SseRefusedException e = refusal(ctx -> ctx.json(java.util.Map.of("not", "a stream")));
    assertEquals(200, e.status());
    assertEquals("application/json", e.contentType());
  }

  @Test
  void otherSuccessStatusesStopTheClientAsInBrowsers() throws Exception {
    assertEquals(201, refusal(ctx -> ctx.status(201).bytes("data: x\n\n".getBytes(), "text/event-stream")).status());
  }

  @Test
  void closeStopsTheStreamAndReconnection() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    App app = new App();
    app.get("/events", ctx -> {
      requests.incrementAndGet();
      var out = ctx.stream("text/event-stream; charset=utf-8");
      out.write("data: hello\n\n".getBytes());
      out.flush();
      try {
        for (int i = 0; i < 100; i++) { // heartbeats until the client has gone
          Thread.sleep(50);
          out.write(":\n".getBytes());
          out.flush();
        }
      } catch (java.io.IOException gone) {
        // expected: the client closed
      }
    });
    EddyTest.run(app, (server, client) -> {
      SseClient sse = SseClient.builder(server.uri("/events")).reconnectDelay(Duration.ofMillis(10)).connect();
      assertEquals("hello", sse.next(WAIT).data());
      sse.close();
      assertTrue(sse.isClosed());
      IllegalStateException closed = assertThrows(IllegalStateException.class, () -> sse.next(WAIT));
      assertNull(closed.getCause());
      Thread.sleep(100);
      assertEquals(1, requests.get());
    });
  }
}
