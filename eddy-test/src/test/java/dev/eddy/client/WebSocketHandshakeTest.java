package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.test.EddyTest;
import dev.eddy.ws.WebSocketOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** connect() returns an open connection or throws; it never hangs past its timeout. */
class WebSocketHandshakeTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void handshakeHeadersReachTheServer() throws Exception {
    WebSocketOptions appOrigin = WebSocketOptions.defaults().allowedOrigins("http://app.test");
    EddyTest.run(WsPeer.app(new WsPeer(), appOrigin), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.builder(WsPeer.uri(server))
          .header("Origin", "http://app.test").header("X-Token", "t-1").connect()) {
        ws.sendText("origin");
        assertEquals(new WsMessage.Text("http://app.test"), ws.receive(WAIT), "and the server's Origin check let it in");
        ws.sendText("header X-Token");
        assertEquals(new WsMessage.Text("t-1"), ws.receive(WAIT));
      }
    });
  }

  @Test
  void anUpgradeTheServerRefusesThrowsWithItsStatus() throws Exception {
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      WebSocketHandshakeException refused = assertThrows(WebSocketHandshakeException.class,
          () -> WebSocketClient.builder(WsPeer.uri(server)).header("Origin", "http://evil.test").connect());
      assertEquals(403, refused.getResponse().statusCode(), "a foreign Origin");
    });
  }

  @Test
  void aHandshakeThatIsNeverAnsweredTimesOut() throws Exception {
    // Bound but never accepting: the kernel completes the TCP handshake, nobody answers the upgrade.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      URI nobodyAnswers = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/ws");
      assertThrows(HttpTimeoutException.class,
          () -> WebSocketClient.builder(nobodyAnswers).timeout(Duration.ofMillis(300)).connect());
    }
  }

  @Test
  void aRefusedConnectionThrows() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI nobody = URI.create("ws://127.0.0.1:" + port + "/ws");
    assertThrows(IOException.class, () -> WebSocketClient.connect(nobody));
  }

  @Test
  void onlyWebSocketUrisAreAccepted() {
    assertThrows(IllegalArgumentException.class, () -> WebSocketClient.builder(URI.create("http://127.0.0.1/ws")));
  }
}
