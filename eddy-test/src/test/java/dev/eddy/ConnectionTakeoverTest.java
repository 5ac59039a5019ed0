package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConnectionTakeoverTest {

  /** A protocol of our own: each line comes back as "echo: line"; "bye" ends the connection. */
  static void lineEcho(Connection conn) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(conn.input(), StandardCharsets.UTF_8));
    Writer out = new java.io.OutputStreamWriter(conn.output(), StandardCharsets.UTF_8);
    String line;
    while ((line = in.readLine()) != null && !line.equals("bye")) {
      out.write("echo: " + line + "\n");
      out.flush();
    }
  }

  private static App app() {
    App app = new App();
    app.use((ctx, next) -> {
      ctx.header("X-Seen-By", "middleware");
      next.run();
    });
    app.get("/echo", ctx -> ctx.upgrade("line-echo", ConnectionTakeoverTest::lineEcho));
    app.get("/echo-loop", Handler.onEventLoop(ctx -> ctx.upgrade("line-echo", ConnectionTakeoverTest::lineEcho)));
    app.get("/raw", ctx -> ctx.takeover(conn -> {
      OutputStream out = conn.output();
      out.write("RAW PROTOCOL READY\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      lineEcho(conn);
    }));
    app.get("/plain", ctx -> ctx.text("plain"));
    return app;
  }

  private static final String UPGRADE = "Host: t\r\nConnection: Upgrade\r\nUpgrade: line-echo\r\n\r\n";

  @Test
  void aRouteCanUpgradeToItsOwnProtocol() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      for (String path : new String[] {"/echo", "/echo-loop"}) {
        try (RawClient raw = new RawClient(server.port())) {
          // Protocol bytes right behind the request must reach the new protocol.
          raw.send("GET " + path + " HTTP/1.1\r\n" + UPGRADE + "hello\n");
          raw.send("world\nbye\n");
          String r = raw.readToClose();
          assertTrue(r.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), r);
          assertTrue(r.contains("upgrade: line-echo") || r.contains("Upgrade: line-echo"), r);
          assertTrue(r.contains("X-Seen-By: middleware"), "headers set before the switch go out with the 101");
          assertTrue(r.endsWith("\r\n\r\necho: hello\necho: world\n"), r);
        }
      }
    });
  }

  @Test
  void anUpgradeWithoutTheUpgradeHeaderIs400() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      var r = client.get("/echo");
      assertEquals(400, r.statusCode());
      assertTrue(r.body().contains("Upgrade: line-echo"), r.body());
    });
  }

  @Test
  void aRouteCanTakeTheRawConnectionOver() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        // Without Connection: upgrade the client waits for the new protocol to speak first.
        raw.send("GET /raw HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals("RAW PROTOCOL READY", raw.readLine());
        assertEquals("", raw.send("ping\nbye\n").readToClose().replace("echo: ping\n", ""));
      }
    });
  }

  @Test
  void anAnnouncedSwitchThatDoesNotHappenEndsTheConnection() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        String r = raw.send("GET /plain HTTP/1.1\r\n" + UPGRADE + "GET /plain HTTP/1.1\r\nHost: t\r\n\r\n").readToClose();
        assertEquals(1, RawClient.statuses(r).size(), r);
        assertTrue(r.startsWith("HTTP/1.1 200 OK") && r.toLowerCase().contains("connection: close"), r);
      }
    });
  }

  @Test
  void aPipelinedRequestAfterTheUpgradeIsNotTakenForHttp() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        String r = raw.send("GET /echo HTTP/1.1\r\n" + UPGRADE + "GET /plain HTTP/1.1\r\nbye\n").readToClose();
        assertEquals(1, RawClient.statuses(r).size(), r);
        assertTrue(r.endsWith("echo: GET /plain HTTP/1.1\n"), r);
      }
    });
  }

  @Test
  void responsesBeforeTheSwitchKeepTheirOrder() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        raw.send("GET /plain HTTP/1.1\r\nHost: t\r\n\r\nGET /echo HTTP/1.1\r\n" + UPGRADE + "one\nbye\n");
        String r = raw.readToClose();
        assertTrue(r.startsWith("HTTP/1.1 200 OK"), r);
        int switching = r.indexOf("HTTP/1.1 101");
        assertTrue(switching > 0 && r.indexOf("plain") < switching, r);
        assertTrue(r.endsWith("echo: one\n"), r);
      }
    });
  }
}
