package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eddy.test.LeakWatch;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** connect() returns an open connection or throws; it never hangs past its timeout. */
class WebSocketHandshakeTest {
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
  void handshakeHeadersReachTheServer() throws Exception {
    try (WebSocketClient ws = WebSocketClient.builder(server.uri()).header("Origin", "http://app.test").connect()) {
      ws.sendText("origin");
      assertEquals(new WsMessage.Text("http://app.test"), ws.receive(Duration.ofSeconds(5)));
    }
  }

  @Test
  void aHandshakeThatIsNeverAnsweredTimesOut() {
    URI elsewhere = server.uri().resolve("/not-a-websocket"); // the echo server never answers it
    assertThrows(HttpTimeoutException.class,
        () -> WebSocketClient.builder(elsewhere).timeout(Duration.ofMillis(300)).connect());
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
