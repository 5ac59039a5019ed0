package dev.eddy.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import org.junit.jupiter.api.Test;

/**
 * Browsers may open a WebSocket only from the server's own pages, or from origins the route
 * allows; clients that send no Origin (not browsers) are let in. Others get 403.
 */
class OriginTest {

  private static int status(int port, String headers) throws Exception {
    try (RawWebSocket raw = RawWebSocket.handshake(port, "/ws", 0, headers)) {
      return Integer.parseInt(raw.response().substring(9, 12));
    }
  }

  private static String refusal(int port, String headers) throws Exception {
    try (RawWebSocket raw = RawWebSocket.handshake(port, "/ws", 0, headers)) {
      return raw.response();
    }
  }

  @Test
  void byDefaultOnlyTheSameOriginAndNoOriginGetIn() throws Exception {
    EddyTest.run(new App().ws("/ws", new Recorder(true)), (server, client) -> {
      int port = server.port();
      assertEquals(101, status(port, ""), "no Origin: not a browser");
      assertEquals(101, status(port, "Origin: http://127.0.0.1:" + port + "\r\n"));
      assertEquals(101, status(port, "Origin: HTTP://127.0.0.1:" + port + "\r\n"), "scheme and host compare without case");
      assertEquals(403, status(port, "Origin: http://127.0.0.1:" + (port + 1) + "\r\n"), "another port is another origin");
      assertEquals(403, status(port, "Origin: http://evil.example\r\n"));
      assertEquals(403, status(port, "Origin: null\r\n"), "an opaque origin is not ours");
      assertEquals(403, status(port, "Origin: not a url\r\n"));
      String r = refusal(port, "Origin: http://evil.example\r\n");
      assertTrue(r.startsWith("HTTP/1.1 403 "), r);
    });
  }

  @Test
  void listedOriginsGetInWithDefaultPortsNormalized() throws Exception {
    WebSocketOptions options = WebSocketOptions.defaults().allowedOrigins("https://app.example.com", "http://localhost:3000");
    EddyTest.run(new App().ws("/ws", options, new Recorder(true)), (server, client) -> {
      int port = server.port();
      assertEquals(101, status(port, "Origin: https://app.example.com\r\n"));
      assertEquals(101, status(port, "Origin: https://APP.example.com:443\r\n"));
      assertEquals(101, status(port, "Origin: http://localhost:3000\r\n"));
      assertEquals(403, status(port, "Origin: http://app.example.com\r\n"), "the scheme is part of the origin");
      assertEquals(403, status(port, "Origin: https://app.example.com.evil.example\r\n"));
      assertEquals(101, status(port, "Origin: http://127.0.0.1:" + port + "\r\n"), "the same origin still gets in");
    });
  }

  @Test
  void aStarAllowsEveryOrigin() throws Exception {
    EddyTest.run(new App().ws("/ws", WebSocketOptions.defaults().allowedOrigins("*"), new Recorder(true)), (server, client) -> {
      assertEquals(101, status(server.port(), "Origin: http://anyone.example\r\n"));
    });
  }

  @Test
  void aMalformedAllowedOriginIsRefusedAtConfiguration() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WebSocketOptions.defaults().allowedOrigins("app.example.com"));
    assertTrue(e.getMessage().contains("app.example.com"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WebSocketOptions.defaults().allowedOrigins("https://a.example/path"));
  }
}
