package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

  private static App app(ServerOptions options) {
    App app = new App();
    app.options(options);
    app.get("/*", ctx -> ctx.text("ok"));
    app.post("/upload", ctx -> ctx.text("got " + ctx.body().length));
    return app;
  }

  private static ServerOptions small() {
    return ServerOptions.defaults().maxRequestLineBytes(256).maxHeaderBytes(1024).maxHeaderCount(10).maxBodyBytes(1000);
  }

  private static String rejected(int port, String request) throws Exception {
    try (RawClient raw = new RawClient(port)) {
      return raw.send(request).readToClose();
    }
  }

  @Test
  void aLongRequestLineIs414() throws Exception {
    EddyTest.run(app(small()), (server, client) -> {
      String r = rejected(server.port(), "GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: t\r\n\r\n");
      assertTrue(r.startsWith("HTTP/1.1 414 "), r);
      assertEquals(1, RawClient.statuses(r).size());
    });
  }

  @Test
  void largeOrManyHeadersAre431() throws Exception {
    EddyTest.run(app(small()), (server, client) -> {
      String big = rejected(server.port(), "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(2000) + "\r\n\r\n");
      assertTrue(big.startsWith("HTTP/1.1 431 "), big);
      StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: t\r\n");
      for (int i = 0; i < 11; i++) {
        many.append("X-H").append(i).append(": v\r\n");
      }
      String r = rejected(server.port(), many.append("\r\n").toString());
      assertTrue(r.startsWith("HTTP/1.1 431 "), r);
      assertTrue(r.contains("Too many header fields"), r);
    });
  }

  @Test
  void aLargeBodyIs413BeforeItIsRead() throws Exception {
    EddyTest.run(app(small()), (server, client) -> {
      String r = rejected(server.port(), "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n");
      assertTrue(r.startsWith("HTTP/1.1 413 "), r);
      assertEquals(200, client.post("/upload", "x".repeat(1000), "text/plain").statusCode(), "at the limit is fine");
    });
  }

  @Test
  void aLargeChunkedBodyIs413AsSoonAsItCrossesTheLimit() throws Exception {
    EddyTest.run(app(small()), (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        raw.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 3; i++) {
          raw.send("190\r\n" + "c".repeat(400) + "\r\n"); // 1,200 bytes so far: over the limit
        }
        // No terminating chunk: the server must answer without waiting for the rest.
        String r = raw.readToClose();
        assertTrue(r.startsWith("HTTP/1.1 413 "), r);
        assertEquals(1, RawClient.statuses(r).size());
      }
      try (RawClient raw = new RawClient(server.port())) {
        String ok = raw.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + "5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n").readToClose();
        assertTrue(ok.endsWith("got 8"), ok);
      }
    });
  }

  @Test
  void aSlowHeaderClientIsCutOff() throws Exception {
    EddyTest.run(app(ServerOptions.defaults().headerReadTimeout(Duration.ofMillis(600))), (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        raw.send("GET / HTTP/1.1\r\nHost: t\r\n");
        long start = System.nanoTime();
        boolean cut = false;
        // Trickle a header line every 100 ms, each read resetting any idle timer; only the
        // header-read timeout can stop this.
        for (int i = 0; i < 40 && !cut; i++) {
          try {
            raw.send("X-Slow-" + i + ": drip\r\n");
            Thread.sleep(100);
          } catch (java.io.IOException closed) {
            cut = true;
          }
        }
        String rest = cut ? "" : raw.readToClose();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(cut || rest.startsWith("HTTP/1.1 408 ") || rest.isEmpty(), rest);
        assertTrue(millis < 3000, "cut off after " + millis + " ms");
      }
    });
  }

  @Test
  void anIdleKeepAliveConnectionIsClosed() throws Exception {
    EddyTest.run(app(ServerOptions.defaults().idleTimeout(Duration.ofMillis(500))), (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        raw.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        assertTrue(raw.readResponses(1).startsWith("HTTP/1.1 200"));
        raw.timeout(3000);
        assertTrue(raw.closedByServer(), "idle connection should be closed");
      }
    });
  }

  @Test
  void aSlowHandlerGets503AndALogLineNamingTheRoute() throws Exception {
    App app = new App();
    app.options(ServerOptions.defaults().handlerTimeout(Duration.ofMillis(400)));
    app.get("/stuck/:id", ctx -> {
      Thread.sleep(10_000);
      ctx.text("too late");
    });
    app.get("/fine", ctx -> ctx.text("fine"));
    EddyTest.run(app, (server, client) -> {
      try (LogCapture log = new LogCapture()) {
        var r = client.get("/stuck/1");
        assertEquals(503, r.statusCode());
        assertTrue(log.await("did not finish").contains("Handler for GET /stuck/:id did not finish within 400 ms"), log.text());
        assertEquals("fine", client.get("/fine").body());
      }
    });
  }

  @Test
  void connectionsOverTheLimitGet503() throws Exception {
    EddyTest.run(app(ServerOptions.defaults().maxConnections(2)), (server, client) -> {
      try (RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port())) {
        a.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        b.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        assertTrue(a.readResponses(1).startsWith("HTTP/1.1 200"));
        assertTrue(b.readResponses(1).startsWith("HTTP/1.1 200"));
        try (RawClient c = new RawClient(server.port())) {
          String r = c.readToClose();
          assertTrue(r.startsWith("HTTP/1.1 503 "), r);
        }
      }
      // Closed connections free their slots.
      Thread.sleep(200);
      try (RawClient d = new RawClient(server.port())) {
        String r = d.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").readToClose();
        assertTrue(r.startsWith("HTTP/1.1 200"), r);
      }
    });
  }
}
