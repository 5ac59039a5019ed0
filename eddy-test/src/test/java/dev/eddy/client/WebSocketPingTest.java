package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.test.EddyTest;
import dev.eddy.test.LeakWatch;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pings are answered by the JDK; a client's ping completes on the matching Pong. Eddy's server
 * answers the client's pings; the peer's ping comes from {@link EchoServer}, which sends one on
 * demand and reports the Pong.
 */
class WebSocketPingTest {

  @Test
  void sendPingCompletesWhenThePeersPongArrives() throws Exception {
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        ws.sendPing("one".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        ws.sendPing("two".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
      }
    });
  }

  @Test
  void thePeersPingIsAnsweredWithoutTheApplication() throws Exception {
    try (EchoServer server = new EchoServer(); WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendText("ping");
      assertEquals("pong:are you there", server.heard.poll(5, TimeUnit.SECONDS));
    }
    LeakWatch.assertNoLeaks();
  }

  @Test
  void aPingCarriesAtMost125Bytes() throws Exception {
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        assertThrows(IllegalArgumentException.class, () -> ws.sendPing(new byte[126]));
      }
    });
  }
}
