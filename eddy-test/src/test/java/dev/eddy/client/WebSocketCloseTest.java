package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.client.WebSocketClient.CloseStatus;
import dev.eddy.test.EddyTest;
import dev.eddy.ws.WebSocketOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing is a handshake: each side learns the other's code and reason. The peer is Eddy's server. */
class WebSocketCloseTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void thePeersCloseCodeAndReasonAreReportedAndAnswered() throws Exception {
    WsPeer peer = new WsPeer();
    // The server waits up to a minute for the answer to its Close; hearing of the close within
    // seconds means the client answered rather than the server giving up.
    WebSocketOptions patient = WebSocketOptions.defaults().closeTimeout(Duration.ofMinutes(1));
    EddyTest.run(WsPeer.app(peer, patient), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        ws.sendText("close");
        assertEquals(new CloseStatus(4001, "bye"), ws.closed().get(5, TimeUnit.SECONDS));
        assertEquals("4001 bye", peer.closes.poll(5, TimeUnit.SECONDS), "the handshake completed");
      }
    });
  }

  @Test
  void closeSendsItsCodeAndCompletesWithThePeersAnswer() throws Exception {
    WsPeer peer = new WsPeer();
    EddyTest.run(WsPeer.app(peer), (server, client) -> {
      WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server));
      assertEquals(new CloseStatus(4000, ""), ws.close(4000, "done").get(5, TimeUnit.SECONDS), "Eddy echoes the code");
      assertEquals("4000 done", peer.closes.poll(5, TimeUnit.SECONDS));
    });
  }

  @Test
  void messagesThatCameBeforeTheCloseCanStillBeReceived() throws Exception {
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        ws.sendText("last words");
        ws.sendText("close");
        ws.closed().get(5, TimeUnit.SECONDS);
        assertEquals(new WsMessage.Text("last words"), ws.receive(WAIT));
        IllegalStateException ended = assertThrows(IllegalStateException.class, () -> ws.receive(WAIT));
        assertTrue(ended.getMessage().contains("4001"), ended.getMessage());
      }
    });
  }

  @Test
  void autoCloseClosesNormally() throws Exception {
    WsPeer peer = new WsPeer();
    EddyTest.run(WsPeer.app(peer), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        ws.sendText("hi");
        assertEquals(new WsMessage.Text("hi"), ws.receive(WAIT));
      }
      assertEquals("1000 ", peer.closes.poll(5, TimeUnit.SECONDS));
    });
  }
}
