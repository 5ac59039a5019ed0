package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.test.LeakWatch;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pings are answered by the JDK; a client's ping completes on the matching Pong. */
class WebSocketPingTest {
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
  void sendPingCompletesWhenThePeersPongArrives() throws Exception {
    try (WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendPing("one".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
      ws.sendPing("two".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void thePeersPingIsAnsweredWithoutTheApplication() throws Exception {
    try (WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendText("ping");
      assertEquals("pong:are you there", server.heard.poll(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void aPingCarriesAtMost125Bytes() throws Exception {
    try (WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      assertThrows(IllegalArgumentException.class, () -> ws.sendPing(new byte[126]));
    }
  }
}
