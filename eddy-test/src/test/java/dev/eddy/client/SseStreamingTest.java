package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Events are dispatched as soon as their blank line arrives, whatever the network's chunks. */
class SseStreamingTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void anEventIsDispatchedBeforeTheNextIsSent() throws Exception {
    CountDownLatch firstSeen = new CountDownLatch(1);
    App app = new App();
    app.get("/events", ctx -> {
      try (OutputStream out = ctx.stream("text/event-stream")) {
        out.write("data: first\n\n".getBytes());
        out.flush();
        if (!firstSeen.await(5, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the client never saw the first event");
        }
        out.write("data: second\n\n".getBytes());
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (SseClient sse = SseClient.connect(server.uri("/events"))) {
        assertEquals("first", sse.next(WAIT).data());
        firstSeen.countDown();
        assertEquals("second", sse.next(WAIT).data());
      }
    });
  }

  @Test
  void aByteOrderMarkAndACrlfSplitAcrossNetworkChunksAreHandled() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    App app = new App();
    app.get("/events", ctx -> {
      byte[][] chunks = {
          {(byte) 0xEF, (byte) 0xBB}, {(byte) 0xBF}, "id: 1\r".getBytes(), "\ndata: a\r".getBytes(),
          "\ndata: b\r".getBytes(), "\n\r".getBytes(), "\n".getBytes(), "data: \u00e9\r\n\r\n".getBytes("UTF-8"),
      };
      try (OutputStream out = ctx.stream("text/event-stream")) {
        for (byte[] chunk : chunks) {
          out.write(chunk);
          out.flush();
          Thread.sleep(20); // separate reads at the client, most likely
        }
        done.await(5, TimeUnit.SECONDS); // the stream stays open
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (SseClient sse = SseClient.connect(server.uri("/events"))) {
        SseEvent first = sse.next(WAIT);
        assertNotNull(first);
        assertEquals(new SseEvent("1", "message", "a\nb", null), first);
        assertEquals("\u00e9", sse.next(WAIT).data());
        assertNull(sse.next(Duration.ofMillis(200)), "a CR and its LF made one line end, not an extra blank line");
      } finally {
        done.countDown();
      }
    });
  }
}
