package dev.eddy.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.Handler;
import dev.eddy.Mount;
import dev.eddy.RawClient;
import dev.eddy.test.EddyTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RemoteTest {

  /** A backend that answers what it received. */
  private static App echo() {
    App app = new App();
    for (String m : new String[] {"GET", "POST", "PUT", "DELETE"}) {
      app.route(m, "/*", ctx -> ctx.text(ctx.method() + " " + ctx.path() + " " + new TreeMap<>(ctx.queryParams())));
    }
    app.get("/headers", ctx -> {
      Map<String, String> seen = new TreeMap<>();
      for (String name : ctx.headerNames()) {
        seen.put(name, String.join(" | ", ctx.headers(name)));
      }
      ctx.header("Connection", "X-Resp-Hop")
          .header("X-Resp-Hop", "1")
          .header("Keep-Alive", "timeout=5")
          .header("Proxy-Agent", "backend")
          .header("X-Resp-Keep", "yes")
          .json(seen);
    });
    return app;
  }

  private static App front(Backend backend, String backendPath) {
    App app = new App();
    app.mount("/api", Remote.to(backend.uri(backendPath)));
    app.get("/", ctx -> ctx.text("front"));
    return app;
  }

  @Test
  void thePathIsRewrittenAndTheQueryKeptAsSent() throws Exception {
    try (Backend backend = new Backend(echo())) {
      EddyTest.run(front(backend, ""), (server, client) -> {
        assertEquals("GET /users/7 {x=[1], y=[a b]}", client.get("/api/users/7?x=1&y=a%20b").body());
        assertEquals("GET / {}", client.get("/api").body());
        assertEquals("DELETE /users/7 {}", client.send(client.request("/api/users/7").DELETE()).body());
        assertEquals("front", client.get("/").body());
      });
      EddyTest.run(front(backend, "/v1/"), (server, client) -> {
        assertEquals("GET /v1/users/a%2Fb {}", client.get("/api/users/a%2Fb").body(), "a base path, escapes as sent");
      });
    }
  }

  @Test
  void hopByHopHeadersStayBehindAndForwardingHeadersAreAdded() throws Exception {
    try (Backend backend = new Backend(echo())) {
      EddyTest.run(front(backend, ""), (server, client) -> {
        try (RawClient raw = new RawClient(server.port())) {
          String r = raw.send("GET /api/headers HTTP/1.1\r\nHost: shop.example:8443\r\n"
              + "Connection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\nProxy-Authorization: Basic eA==\r\n"
              + "TE: trailers\r\nX-Keep: yes\r\nX-Forwarded-For: 10.0.0.1\r\nForwarded: for=10.0.0.1\r\n"
              + "X-Forwarded-Proto: https\r\n\r\n").readResponses(1);
          String lower = r.toLowerCase();
          String head = lower.substring(0, lower.indexOf("\r\n\r\n"));
          assertFalse(head.contains("x-resp-hop") || head.contains("keep-alive: timeout") || head.contains("proxy-agent"), r);
          assertTrue(head.contains("x-resp-keep: yes"), r);
          String body = r.substring(r.indexOf("\r\n\r\n") + 4);
          @SuppressWarnings("unchecked")
          Map<String, String> seen = new dev.eddy.internal.json.JacksonCodec().decode(body.getBytes(StandardCharsets.UTF_8), Map.class);
          assertEquals("yes", seen.get("x-keep"));
          for (String gone : new String[] {"x-hop", "keep-alive", "proxy-authorization", "te", "connection"}) {
            assertFalse(seen.containsKey(gone) && !gone.equals("connection"), gone + " reached the backend: " + seen);
          }
          assertFalse(String.valueOf(seen.get("connection")).toLowerCase().contains("x-hop"), seen.toString());
          assertEquals("127.0.0.1:" + backend.port(), seen.get("host"));
          assertEquals("10.0.0.1, 127.0.0.1", seen.get("x-forwarded-for"));
          assertEquals("http", seen.get("x-forwarded-proto"), "the proxy knows the scheme first hand");
          assertEquals("shop.example:8443", seen.get("x-forwarded-host"));
          assertEquals("/api", seen.get("x-forwarded-prefix"));
          assertEquals("for=10.0.0.1, for=127.0.0.1;proto=http;host=\"shop.example:8443\"", seen.get("forwarded"));
        }
      });
    }
  }

  @Test
  void aRequestBodyIsForwardedAsItArrives() throws Exception {
    CountDownLatch firstPartArrived = new CountDownLatch(1);
    App app = new App();
    app.post("/upload", Handler.streamingBody(1 << 20, ctx -> {
      InputStream in = ctx.bodyStream();
      byte[] first = in.readNBytes(5);
      firstPartArrived.countDown();
      ctx.text(new String(first, StandardCharsets.US_ASCII) + "+" + new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }));
    try (Backend backend = new Backend(app)) {
      EddyTest.run(front(backend, ""), (server, client) -> {
        try (RawClient raw = new RawClient(server.port())) {
          raw.send("POST /api/upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n");
          assertTrue(firstPartArrived.await(5, TimeUnit.SECONDS), "the backend got the start before the client sent the rest");
          String r = raw.send("6\r\n world\r\n0\r\n\r\n").readToClose();
          assertTrue(r.startsWith("HTTP/1.1 200"), r);
          assertTrue(r.endsWith("hello+ world"), r);
        }
      });
    }
  }

  @Test
  void aResponseBodyIsRelayedAsItArrives() throws Exception {
    CountDownLatch clientSawFirst = new CountDownLatch(1);
    App app = new App();
    app.get("/feed", ctx -> {
      OutputStream out = ctx.stream("text/plain");
      out.write("first\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      clientSawFirst.await(10, TimeUnit.SECONDS);
      out.write("second\n".getBytes(StandardCharsets.US_ASCII));
    });
    try (Backend backend = new Backend(app)) {
      EddyTest.run(front(backend, ""), (server, client) -> {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
          s.setSoTimeout(5000);
          s.getOutputStream().write("GET /api/feed HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          InputStream in = s.getInputStream();
          StringBuilder got = new StringBuilder();
          while (!got.toString().contains("first\n")) {
            int c = in.read();
            assertTrue(c >= 0, "closed early: " + got);
            got.append((char) c);
          }
          clientSawFirst.countDown();
          String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
          assertTrue(got.toString().toLowerCase().contains("transfer-encoding: chunked"), got.toString());
          assertTrue(rest.contains("second\n") && rest.endsWith("0\r\n\r\n"), rest);
        }
      });
    }
  }

  @Test
  void largeBodiesStreamThroughBothWays() throws Exception {
    byte[] data = new byte[24 << 20]; // over the front server's 10 MiB limit for buffered bodies
    new Random(11).nextBytes(data);
    App app = new App();
    app.post("/digest", Handler.streamingBody(64 << 20, ctx -> {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long n = 0;
      byte[] buf = new byte[65536];
      try (InputStream in = ctx.bodyStream()) {
        for (int r; (r = in.read(buf)) >= 0; ) {
          sha.update(buf, 0, r);
          n += r;
        }
      }
      ctx.text(n + " " + HexFormat.of().formatHex(sha.digest()));
    }));
    app.get("/download", ctx -> {
      try (OutputStream out = ctx.stream("application/octet-stream")) {
        out.write(data);
      }
    });
    String expected = data.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    try (Backend backend = new Backend(app)) {
      EddyTest.run(front(backend, ""), (server, client) -> {
        HttpResponse<String> up = client.send(client.request("/api/digest").POST(HttpRequest.BodyPublishers.ofByteArray(data)));
        assertEquals(expected, up.body());
        HttpResponse<byte[]> down = client.http().send(client.request("/api/download").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, down.statusCode());
        assertEquals(expected, down.body().length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(down.body())));
      });
    }
  }

  @Test
  void smallResponsesKeepTheirLengthAndHeadAnd204HaveNoBody() throws Exception {
    App app = new App();
    app.get("/small", ctx -> ctx.header("X-Id", "1").addHeader("Set-Cookie", "a=1").addHeader("Set-Cookie", "b=2").json(Map.of("ok", true)));
    app.get("/large", ctx -> ctx.bytes(new byte[100_000], "application/octet-stream"));
    app.put("/nothing", ctx -> ctx.status(204));
    try (Backend backend = new Backend(app)) {
      EddyTest.run(front(backend, ""), (server, client) -> {
        HttpResponse<String> small = client.get("/api/small");
        assertEquals("{\"ok\":true}", small.body());
        assertEquals("11", small.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("application/json", small.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(java.util.List.of("a=1", "b=2"), small.headers().allValues("Set-Cookie"));
        HttpResponse<String> head = client.send(client.request("/api/large").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("100000", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("", head.body());
        HttpResponse<String> none = client.send(client.request("/api/nothing").PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, none.statusCode());
        assertEquals(100_000, client.http().send(client.request("/api/large").build(), HttpResponse.BodyHandlers.ofByteArray()).body().length);
      });
    }
  }

  @Test
  void redirectsIntoTheBackendPointAtTheMount() throws Exception {
    java.util.concurrent.atomic.AtomicInteger port = new java.util.concurrent.atomic.AtomicInteger();
    App app = new App();
    app.get("/v1/old", ctx -> ctx.redirect("http://127.0.0.1:" + port.get() + "/v1/new?x=1"));
    app.get("/v1/elsewhere", ctx -> ctx.redirect("https://example.org/x"));
    app.get("/v1/relative", ctx -> ctx.redirect("/v1/login"));
    try (Backend backend = new Backend(app)) {
      port.set(backend.port());
      EddyTest.run(front(backend, "/v1"), (server, client) -> {
        assertEquals("/api/new?x=1", client.get("/api/old").headers().firstValue("Location").orElseThrow());
        assertEquals("https://example.org/x", client.get("/api/elsewhere").headers().firstValue("Location").orElseThrow());
        assertEquals("/v1/login", client.get("/api/relative").headers().firstValue("Location").orElseThrow(),
            "a path-only Location is the backend's to get right (it has X-Forwarded-Prefix)");
      });
    }
  }

  @Test
  void aBodyOverTheProxysLimitIs413() throws Exception {
    try (Backend backend = new Backend(echo())) {
      App app = new App();
      app.mount("/api", Remote.builder(backend.uri("")).maxBodyBytes(1000).build());
      EddyTest.run(app, (server, client) -> {
        byte[] big = new byte[5000];
        assertEquals(413, client.send(client.request("/api/x").POST(HttpRequest.BodyPublishers.ofByteArray(big))).statusCode());
        HttpResponse<String> chunked = client.send(client.request("/api/x")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertEquals(413, chunked.statusCode(), chunked.body());
      });
    }
  }

  @Test
  void aRemoteMountGoesIntoMaintenanceLikeAnyOther() throws Exception {
    try (Backend backend = new Backend(echo())) {
      App app = new App();
      Mount api = app.mount("/api", Remote.to(backend.uri("")));
      EddyTest.run(app, (server, client) -> {
        api.maintenance(true);
        HttpResponse<String> r = client.get("/api/x");
        assertEquals(503, r.statusCode());
        assertNull(r.headers().firstValue("X-Resp-Keep").orElse(null));
        api.maintenance(false);
        assertEquals("GET /x {}", client.get("/api/x").body());
      });
    }
  }
}
