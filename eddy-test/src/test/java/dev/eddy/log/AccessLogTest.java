package dev.eddy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.HttpException;
import dev.eddy.ServerOptions;
import dev.eddy.files.Raw;
import dev.eddy.test.EddyTest;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AccessLogTest {
  private static String await(List<String> lines, int count) throws InterruptedException {
    for (int i = 0; i < 500 && lines.size() < count; i++) {
      Thread.sleep(10);
    }
    assertTrue(lines.size() >= count, "expected " + count + " log lines, got " + lines);
    return lines.get(count - 1);
  }

  @Test
  void devLinesShowMethodTargetStatusTimeAndSize() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    App app = new App();
    app.use(AccessLog.dev().to(lines::add));
    app.get("/hello", ctx -> ctx.text("hello, world"));
    app.get("/big", ctx -> ctx.bytes(new byte[12_345], "application/octet-stream"));
    EddyTest.run(app, (server, client) -> {
      client.get("/hello?x=1");
      assertTrue(await(lines, 1).matches("GET /hello\\?x=1 200 \\d+\\.\\d ms 12 B"), lines.get(0));
      client.get("/big");
      assertTrue(await(lines, 2).matches("GET /big 200 \\d+\\.\\d ms 12\\.3 kB"), lines.get(1));
      client.get("/nowhere");
      assertTrue(await(lines, 3).startsWith("GET /nowhere 404 "), lines.get(2));
    });
  }

  @Test
  void combinedLinesFollowTheApacheFormatAndEscapeHeaders() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    App app = new App();
    app.use(AccessLog.combined().to(lines::add));
    app.get("/page", ctx -> ctx.text("0123456789"));
    EddyTest.run(app, (server, client) -> {
      Raw.send(server.port(), "GET", "/page?q=a%20b", "Referer: http://example.com/\"x\"", "User-Agent: ag\\ent \u00e9");
      String line = await(lines, 1);
      assertTrue(line.matches("127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}] "
          + "\"GET /page\\?q=a%20b HTTP/1\\.1\" 200 10 \"http://example\\.com/\\\\\"x\\\\\"\" \"ag\\\\\\\\ent \\\\xe9\""), line);
      Raw.send(server.port(), "HEAD", "/page");
      assertTrue(await(lines, 2).contains("\"HEAD /page HTTP/1.1\" 200 - \"-\" \"-\""), lines.get(1));
    });
  }

  @Test
  void asyncResponsesAreLoggedWithTheStatusTheyEndWith() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    App app = new App();
    app.use(AccessLog.dev().to(lines::add));
    app.get("/later", ctx -> ctx.async(CompletableFuture.supplyAsync(() -> {
      throw new HttpException(404, "gone");
    }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))));
    app.get("/fails", ctx -> {
      throw new IllegalStateException("boom");
    });
    EddyTest.run(app, (server, client) -> {
      assertEquals(404, client.get("/later").statusCode());
      String line = await(lines, 1);
      assertTrue(line.startsWith("GET /later 404 "), line);
      double ms = Double.parseDouble(line.split(" ")[3]);
      assertTrue(ms >= 100, "the time runs until the stage completed: " + line);
      client.get("/fails");
      assertTrue(await(lines, 2).startsWith("GET /fails 500 "), lines.get(1));
    });
  }

  @Test
  void streamsAreLoggedWhenTheyEndAndEventStreamsWhenTheyOpen() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    App app = new App();
    app.use(AccessLog.dev().to(lines::add));
    app.get("/stream", ctx -> {
      try (OutputStream out = ctx.stream("text/plain")) {
        out.write("streamed".getBytes(StandardCharsets.UTF_8));
      }
    });
    app.get("/broken", ctx -> {
      OutputStream out = ctx.stream("text/plain");
      out.write("half".getBytes(StandardCharsets.UTF_8));
      out.flush();
      throw new IllegalStateException("failed mid-stream");
    });
    app.sse("/events", sse -> sse.send("hi"));
    EddyTest.run(app, (server, client) -> {
      client.get("/stream");
      assertTrue(await(lines, 1).matches("GET /stream 200 \\d+\\.\\d ms -"), lines.get(0));
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET /broken HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getInputStream().readAllBytes(); // until the server cuts the connection
      }
      assertTrue(await(lines, 2).startsWith("GET /broken 200 "), "a stream cut short is logged: " + lines);
      lines.remove(1);
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
        s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(await(lines, 2).startsWith("GET /events 200 "), lines.get(1));
      }
    });
  }

  @Test
  void aTimedOutHandlerIsLoggedAs503() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    App app = new App().options(ServerOptions.defaults().handlerTimeout(Duration.ofMillis(300)));
    app.use(AccessLog.dev().to(lines::add));
    app.get("/slow", ctx -> {
      Thread.sleep(5000);
      ctx.text("too late");
    });
    EddyTest.run(app, (server, client) -> {
      assertEquals(503, client.get("/slow").statusCode());
      assertTrue(await(lines, 1).startsWith("GET /slow 503 "), lines.get(0));
    });
  }

  @Test
  void customFormatsGetEveryField() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    App app = new App();
    app.use(RequestId.generated());
    app.use(AccessLog.custom(e -> e.method() + "|" + e.target() + "|" + e.protocol() + "|" + e.status() + "|"
        + e.bytes() + "|" + e.remote() + "|" + e.userAgent() + "|" + (e.requestId() != null)).to(lines::add));
    app.post("/things", ctx -> ctx.status(201).text("made"));
    EddyTest.run(app, (server, client) -> {
      client.send(client.request("/things").header("User-Agent", "tester").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
      assertEquals("POST|/things|HTTP/1.1|201|4|127.0.0.1|tester|true", await(lines, 1));
    });
  }
}
