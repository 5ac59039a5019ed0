package dev.eddy.ws;

import static dev.eddy.ws.CallbacksTest.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.client.WebSocketClient;
import dev.eddy.client.WsMessage;
import dev.eddy.test.EddyTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pings keep a quiet connection checked; a peer that stops answering is cut. */
class KeepAliveTest {
  private static final WebSocketOptions FAST_PINGS = WebSocketOptions.defaults().pingInterval(Duration.ofMillis(200));

  @Test
  void aQuietPeerIsPingedAndStaysWhileItAnswers() throws Exception {
    Recorder rec = new Recorder(true);
    App app = new App().ws("/ws", FAST_PINGS, rec);
    EddyTest.run(app, (server, client) -> {
      // the JDK client answers pings by itself
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/ws"))) {
        Thread.sleep(1500); // more than five intervals of silence
        ws.sendText("still here");
        assertEquals(new WsMessage.Text("still here"), ws.receive(Duration.ofSeconds(5)));
      }
      assertEquals("open", rec.next());
      assertEquals("text:still here", rec.next());
    });
  }

  @Test
  void aPeerThatNeverAnswersPingsIsCutAndReportedAs1006() throws Exception {
    Recorder rec = new Recorder(true);
    App app = new App().ws("/ws", FAST_PINGS, rec);
    EddyTest.run(app, (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/ws")) {
        List<RawWebSocket.Frame> frames = new ArrayList<>();
        long start = System.nanoTime();
        try {
          while (true) {
            frames.add(raw.read()); // reads, but never answers
          }
        } catch (java.io.EOFException | java.net.SocketException closed) {
          // the server cut the connection
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertFalse(frames.isEmpty(), "the server pinged first");
        assertTrue(frames.stream().allMatch(f -> f.opcode() == RawWebSocket.PING), frames.toString());
        assertTrue(tookMs < 4000, "cut after " + tookMs + " ms");
      }
      assertEquals("open", rec.next());
      String close = rec.awaitClose(Duration.ofSeconds(5));
      assertTrue(close.startsWith("1006:No answer to a ping"), close);
    });
  }
}
