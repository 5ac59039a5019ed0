package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.client.WebSocketClient.CloseStatus;
import dev.eddy.test.LeakWatch;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A full queue stops reading, which backs up the peer; nothing is dropped. Messages are bounded. */
class WebSocketFlowControlTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private EchoServer server;

  @BeforeEach
  void start() throws Exception {
    server = new EchoServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    LeakWatch.assertNoLeaks();
  }

  @Test
  void aConsumerThatDoesNotDrainBacksUpThePeerWithoutLosingMessages() throws Exception {
    int count = 400;
    int size = 64 * 1024; // 25 MiB in all: more than the socket buffers between the two hold
    try (WebSocketClient ws = WebSocketClient.builder(server.uri()).queueCapacity(2).connect()) {
      ws.sendText("flood " + count + " " + size);
      int stalled = -1;
      for (long end = System.nanoTime() + WAIT.toNanos(); System.nanoTime() < end; ) {
        int before = server.written.get();
        Thread.sleep(300);
        if (before > 0 && server.written.get() == before) {
          stalled = before;
          break;
        }
      }
      assertTrue(stalled > 0 && stalled < count, "the server's writes stall while nobody receives; wrote " + server.written.get());
      for (int i = 0; i < count; i++) {
        WsMessage.Binary m = assertInstanceOf(WsMessage.Binary.class, ws.receive(WAIT), "message " + i);
        assertEquals(size, m.bytes().length);
        assertEquals(i, ByteBuffer.wrap(m.bytes()).getInt(0), "in order, none lost");
      }
      assertEquals(count, server.written.get());
    }
  }

  @Test
  void aMessageOverTheLimitClosesTheConnectionWith1008() throws Exception {
    try (WebSocketClient ws = WebSocketClient.builder(server.uri()).maxMessageBytes(1000).connect()) {
      ws.sendText("big 999");
      assertEquals(999, assertInstanceOf(WsMessage.Text.class, ws.receive(WAIT)).text().length());
      ws.sendText("big 5000");
      assertEquals("close:1008 Message too big", server.heard.poll(5, TimeUnit.SECONDS));
      assertEquals(new CloseStatus(1008, "Message too big"), ws.closed().get(5, TimeUnit.SECONDS));
    }
  }
}
