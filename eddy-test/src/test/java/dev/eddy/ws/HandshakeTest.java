package dev.eddy.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.HttpException;
import dev.eddy.test.EddyTest;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad handshakes get a 4xx that names the problem; a good one gets a 101 per RFC 6455. */
class HandshakeTest {
  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  private static App app() {
    App app = new App();
    app.use((ctx, next) -> {
      if ("no".equals(ctx.query("auth"))) {
        throw new HttpException(401, "Log in first");
      }
      next.run();
    });
    return app.ws("/ws", WebSocketOptions.defaults().subprotocols("v2.chat", "v1.chat"), new Recorder(true));
  }

  /** Sends a raw request and returns the response head and body. */
  private static String exchange(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return readResponse(s.getInputStream());
    }
  }

  /** Reads a response head and its Content-Length body (none for a 101). */
  private static String readResponse(java.io.InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return head.toString();
      }
      head.append((char) c);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    if (m.find()) {
      head.append(new String(in.readNBytes(Integer.parseInt(m.group(1))), StandardCharsets.UTF_8));
    }
    return head.toString();
  }

  private static String handshake(String path, String headers) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
  }

  private static final String GOOD = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
      + "Sec-WebSocket-Key: " + KEY + "\r\n";

  @Test
  void aValidHandshakeGets101WithTheAcceptValueFromTheRfc() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      String r = exchange(server.port(), handshake("/ws", GOOD));
      assertTrue(r.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), r);
      String lower = r.toLowerCase();
      assertTrue(lower.contains("upgrade: websocket\r\n"), r);
      assertTrue(lower.contains("connection: upgrade\r\n"), r);
      assertTrue(r.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), "RFC 6455 section 1.3's example: " + r);
      assertTrue(!lower.contains("sec-websocket-extensions"), "compression is off by default: " + r);
      assertTrue(!lower.contains("sec-websocket-protocol"), "no subprotocol was offered: " + r);
    });
  }

  @Test
  void theFirstOfTheRoutesSubprotocolsThatTheClientOffersIsChosen() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      String r = exchange(server.port(), handshake("/ws", GOOD + "Sec-WebSocket-Protocol: v1.chat, v2.chat\r\n"));
      assertTrue(r.startsWith("HTTP/1.1 101 "), r);
      assertTrue(r.toLowerCase().contains("sec-websocket-protocol: v2.chat\r\n"), r);
    });
  }

  @Test
  void aPlainGetIs400() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      var r = client.get("/ws");
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("Upgrade: websocket"), r.body());
    });
  }

  @Test
  void missingConnectionUpgradeIs400() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      String r = exchange(server.port(), handshake("/ws", GOOD.replace("Connection: Upgrade\r\n", "")));
      assertTrue(r.startsWith("HTTP/1.1 400 "), r);
      assertTrue(r.contains("Connection: Upgrade"), r);
    });
  }

  @Test
  void aBadKeyIs400() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      for (String key : new String[] {"not base64!", "c2hvcnQ=", ""}) {
        String r = exchange(server.port(), handshake("/ws", GOOD.replace(KEY, key)));
        assertTrue(r.startsWith("HTTP/1.1 400 "), r);
        assertTrue(r.contains("Sec-WebSocket-Key"), r);
      }
      String twoKeys = exchange(server.port(), handshake("/ws", GOOD + "Sec-WebSocket-Key: " + KEY + "\r\n"));
      assertTrue(twoKeys.startsWith("HTTP/1.1 400 "), twoKeys);
    });
  }

  @Test
  void anotherVersionIs426NamingTheOneSupported() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      String r = exchange(server.port(), handshake("/ws", GOOD.replace("Version: 13", "Version: 8")));
      assertTrue(r.startsWith("HTTP/1.1 426 "), r);
      assertTrue(r.toLowerCase().contains("sec-websocket-version: 13\r\n"), r);
      String missing = exchange(server.port(), handshake("/ws", GOOD.replace("Sec-WebSocket-Version: 13\r\n", "")));
      assertTrue(missing.startsWith("HTTP/1.1 426 "), missing);
    });
  }

  @Test
  void headAndHttp10AreRefused() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      String head = exchange(server.port(), "HEAD /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + GOOD + "\r\n");
      assertTrue(head.startsWith("HTTP/1.1 400 "), head);
      String http10 = exchange(server.port(), "GET /ws HTTP/1.0\r\nHost: 127.0.0.1\r\n" + GOOD + "\r\n");
      assertTrue(http10.startsWith("HTTP/1.0 400 ") || http10.startsWith("HTTP/1.1 400 "), http10);
    });
  }

  @Test
  void middlewareRunsForTheHandshakeAndMayRefuseIt() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      String r = exchange(server.port(), handshake("/ws?auth=no", GOOD));
      assertTrue(r.startsWith("HTTP/1.1 401 "), r);
      assertTrue(r.contains("Log in first"), r);
    });
  }
}
