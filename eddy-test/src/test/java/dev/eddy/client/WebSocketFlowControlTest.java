package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.client.WebSocketClient.CloseStatus;
import dev.eddy.test.EddyTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A full queue stops reading, which backs up the peer; nothing is dropped. Messages are bounded.
 * The peer is Eddy's own server, whose sender waits for each message to be written before the
 * next, so it stalls exactly when the client stops reading.
 */
class WebSocketFlowControlTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void aConsumerThatDoesNotDrainBacksUpThePeerWithoutLosingMessages() throws Exception {
    int count = 400;
    int size = 64 * 1024; // 25 MiB in all: more than the socket buffers between the two hold
    WsPeer peer = new WsPeer();
    EddyTest.run(WsPeer.app(peer), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.builder(WsPeer.uri(server)).queueCapacity(2).connect()) {
        ws.sendText("flood " + count + " " + size);
        int stalled = -1;
        for (long end = System.nanoTime() + 2 * WAIT.toNanos(); stalled < 0 && System.nanoTime() < end; ) {
          int before = peer.written.get();
          Thread.sleep(300);
          if (before > 0 && peer.written.get() == before) {
            stalled = before;
          }
        }
        assertTrue(stalled > 0 && stalled < count, "the peer's writes stall while nobody receives; wrote " + peer.written.get());
        Thread.sleep(300);
        assertEquals(stalled, peer.written.get(), "and stay stalled");
        for (int i = 0; i < count; i++) {
          WsMessage.Binary m = assertInstanceOf(WsMessage.Binary.class, ws.receive(WAIT), "message " + i);
          assertEquals(size, m.bytes().length);
          assertEquals(i, ByteBuffer.wrap(m.bytes()).getInt(0), "in order, none lost");
        }
        // The peer's count moves when its send completes, which may be after our receive: wait for
        // its own word that the last one is written rather than reading the counter now.
        assertEquals(count, peer.flooded.get(5, TimeUnit.SECONDS), "every message written, none refused");
      }
    });
  }

  @Test
  void aMessageOverTheLimitClosesTheConnectionWith1008() throws Exception {
    WsPeer peer = new WsPeer();
    EddyTest.run(WsPeer.app(peer), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.builder(WsPeer.uri(server)).maxMessageBytes(1000).connect()) {
        ws.sendText("big 999");
        assertEquals(999, assertInstanceOf(WsMessage.Text.class, ws.receive(WAIT)).text().length());
        ws.sendText("big 5000");
        assertEquals("1008 Message too big", peer.closes.poll(5, TimeUnit.SECONDS));
        assertEquals(new CloseStatus(1008, ""), ws.closed().get(5, TimeUnit.SECONDS), "Eddy answers with the code");
      }
    });
  }
}
