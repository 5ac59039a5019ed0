package dev.eddy.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A peer that completes the handshake and then does not read: the server's queued bytes stay under
 * maxQueuedBytes, and the route's policy happens (close 1008 / 1013, or drop).
 */
class SlowPeerTest {
  private static final int BOUND = 64 * 1024;
  private static final int MESSAGE = 16 * 1024;
  private static final int MAX_MESSAGES = 20_000; // 320 MB: far more than any socket buffers hold

  /** Flood sends numbered 16 KiB messages from onOpen until one is refused, noting the queue's peak. */
  static final class Flood extends Recorder {
    final AtomicLong peakQueued = new AtomicLong();
    final CompletableFuture<Throwable> refused = new CompletableFuture<>();
    final List<Integer> dropped = new ArrayList<>();
    final CompletableFuture<Integer> sent = new CompletableFuture<>();
    private final boolean keepGoing;

    Flood(boolean keepGoing) {
      super(true);
      this.keepGoing = keepGoing;
    }

    @Override
    public void onOpen(WebSocket ws) {
      super.onOpen(ws);
      CompletionStage<Void> lastAccepted = null;
      for (int i = 0; i < MAX_MESSAGES; i++) {
        byte[] payload = ByteBuffer.allocate(MESSAGE).putInt(i).array();
        CompletableFuture<Void> stage = ws.send(payload).toCompletableFuture();
        peakQueued.accumulateAndGet(ws.queuedBytes(), Math::max);
        if (stage.isCompletedExceptionally()) {
          refused.complete(stage.handle((v, e) -> e).join());
          if (!keepGoing) {
            break;
          }
          dropped.add(i);
        } else {
          lastAccepted = stage;
        }
        if (keepGoing && dropped.size() >= 200) {
          break; // enough drops seen; stop early
        }
      }
      sent.complete(dropped.size());
      if (keepGoing && lastAccepted != null) {
        lastAccepted.toCompletableFuture().join(); // written: the queue has room again
        ws.send("end");
      }
    }
  }

  private static void closesSlowPeersWith(SlowPeerPolicy policy, int code) throws Exception {
    Flood flood = new Flood(false);
    WebSocketOptions options = WebSocketOptions.defaults().maxQueuedBytes(BOUND).slowPeer(policy)
        .closeTimeout(Duration.ofSeconds(30)).pingInterval(Duration.ZERO);
    EddyTest.run(new App().ws("/flood", options, flood), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/flood", 4096, "")) {
        Throwable refused = flood.refused.get(20, TimeUnit.SECONDS); // while the peer reads nothing
        assertInstanceOf(SlowPeerException.class, refused);
        assertTrue(flood.peakQueued.get() <= BOUND, "queued " + flood.peakQueued.get() + " > " + BOUND);
        assertTrue(flood.peakQueued.get() > BOUND - MESSAGE, "the queue did fill: " + flood.peakQueued.get());
        // Now read: the queued messages, in order, then the Close frame with the policy's code.
        raw.timeout(10_000);
        int expected = 0;
        RawWebSocket.Frame f;
        while ((f = raw.read()).opcode() == RawWebSocket.BINARY) {
          assertEquals(expected++, ByteBuffer.wrap(f.payload()).getInt());
        }
        assertEquals(RawWebSocket.CLOSE, f.opcode(), f.toString());
        assertEquals(code, f.closeCode(), f.toString());
        raw.sendClose(code, "");
        assertTrue(raw.closedByServer());
      }
      assertEquals(code + ":Reading too slowly", flood.awaitClose(Duration.ofSeconds(5)));
    });
  }

  @Test
  void aSlowPeerIsClosedWith1008() throws Exception {
    closesSlowPeersWith(SlowPeerPolicy.CLOSE_POLICY_VIOLATION, 1008);
  }

  @Test
  void aSlowPeerIsClosedWith1013() throws Exception {
    closesSlowPeersWith(SlowPeerPolicy.CLOSE_TRY_AGAIN_LATER, 1013);
  }

  @Test
  void withDropTheMessagesThatDontFitAreDroppedAndTheRestArriveInOrder() throws Exception {
    Flood flood = new Flood(true);
    WebSocketOptions options = WebSocketOptions.defaults().maxQueuedBytes(BOUND).slowPeer(SlowPeerPolicy.DROP)
        .pingInterval(Duration.ZERO);
    EddyTest.run(new App().ws("/flood", options, flood), (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/flood", 4096, "")) {
        int drops = flood.sent.get(20, TimeUnit.SECONDS); // the server is done sending; now read
        assertTrue(drops > 0, "some messages were dropped");
        assertInstanceOf(SlowPeerException.class, flood.refused.join());
        assertTrue(flood.peakQueued.get() <= BOUND, "queued " + flood.peakQueued.get() + " > " + BOUND);
        raw.timeout(10_000);
        List<Integer> received = new ArrayList<>();
        RawWebSocket.Frame f;
        while ((f = raw.read()).opcode() == RawWebSocket.BINARY) {
          received.add(ByteBuffer.wrap(f.payload()).getInt());
        }
        assertEquals("end", f.text());
        int last = received.get(received.size() - 1);
        for (int i = 0, r = 0; i <= last; i++) {
          if (flood.dropped.contains(i)) {
            assertTrue(!received.contains(i), "dropped message " + i + " arrived");
          } else {
            assertEquals(i, received.get(r++), "kept messages arrive in order");
          }
        }
        raw.sendText("still open?");
        assertEquals("still open?", raw.read().text());
      }
    });
  }
}
