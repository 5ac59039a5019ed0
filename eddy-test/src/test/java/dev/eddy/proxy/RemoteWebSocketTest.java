package dev.eddy.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.RawClient;
import dev.eddy.client.EchoServer;
import dev.eddy.client.WebSocketClient;
import dev.eddy.client.WsMessage;
import dev.eddy.test.EddyTest;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RemoteWebSocketTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static URI ws(dev.eddy.test.TestServer server, String path) {
    return URI.create("ws://127.0.0.1:" + server.port() + path);
  }

  @Test
  void aWebSocketIsProxiedBothWaysUntilItCloses() throws Exception {
    try (EchoServer echo = new EchoServer()) {
      URI backend = URI.create("http://127.0.0.1:" + echo.uri().getPort());
      App app = new App();
      app.mount("/live", Remote.to(backend));
      EddyTest.run(app, (server, client) -> {
        try (WebSocketClient socket = WebSocketClient.builder(ws(server, "/live/ws"))
            .header("Origin", "http://shop.example").connect()) {
          socket.sendText("hello").get(5, TimeUnit.SECONDS);
          assertEquals(new WsMessage.Text("hello"), socket.receive(WAIT));
          socket.sendBinary(new byte[] {1, 2, 3}).get(5, TimeUnit.SECONDS);
          assertArrayEquals(new byte[] {1, 2, 3}, ((WsMessage.Binary) socket.receive(WAIT)).bytes());
          socket.sendText("fragment").get(5, TimeUnit.SECONDS);
          assertEquals(new WsMessage.Text("Hello, world"), socket.receive(WAIT), "frames pass through untouched");
          socket.sendText("origin").get(5, TimeUnit.SECONDS);
          assertEquals(new WsMessage.Text("http://shop.example"), socket.receive(WAIT));
          socket.sendText("big 200000").get(5, TimeUnit.SECONDS);
          assertEquals(200000, ((WsMessage.Text) socket.receive(WAIT)).text().length());
          socket.sendText("close").get(5, TimeUnit.SECONDS);
          assertEquals(new WebSocketClient.CloseStatus(4001, "bye"), socket.closed().get(5, TimeUnit.SECONDS),
              "the backend's close code reaches the client");
        }
      });
    }
  }

  @Test
  void anUpgradeTheBackendTurnsDownIsRelayedAsItIs() throws Exception {
    App refusing = new App();
    refusing.get("/ws", ctx -> ctx.status(403).text("no sockets for you"));
    try (Backend backend = new Backend(refusing)) {
      App app = new App();
      app.mount("/live", Remote.to(backend.uri("")));
      EddyTest.run(app, (server, client) -> {
        try (RawClient raw = new RawClient(server.port())) {
          String r = raw.send("GET /live/ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
              + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").readToClose();
          assertTrue(r.startsWith("HTTP/1.1 403 "), r);
          assertTrue(r.endsWith("no sockets for you"), r);
        }
      });
    }
  }

  @Test
  void anUpgradeToABackendThatIsDownIs502() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    App app = new App();
    app.mount("/live", Remote.to(URI.create("http://127.0.0.1:" + closed)));
    EddyTest.run(app, (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        String r = raw.send("GET /live/ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").readToClose();
        assertTrue(r.startsWith("HTTP/1.1 502 "), r);
      }
    });
  }
}
