package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.Handler;
import dev.eddy.test.EddyTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HttpClientTest {
  record Book(String title, int year) {}

  private static App app(CountDownLatch release) {
    App app = new App();
    app.get("/books/:id", ctx -> {
      if (ctx.param("id").equals("404")) {
        ctx.status(404).text("No book 404 here");
        return;
      }
      ctx.json(new Book("Book " + ctx.param("id"), 1843));
    });
    app.post("/books", ctx -> {
      Book b = ctx.bodyAs(Book.class);
      ctx.status(201).json(new Book(b.title().toUpperCase(), b.year() + 1));
    });
    app.get("/echo", ctx -> ctx.json(Map.of("query", ctx.queryParams(), "header", String.valueOf(ctx.header("X-Test")),
        "accept", String.valueOf(ctx.header("Accept")))));
    app.get("/slow-head", ctx -> {
      Thread.sleep(2000);
      ctx.text("late");
    });
    app.get("/lines", ctx -> {
      OutputStream out = ctx.stream("text/plain; charset=utf-8");
      out.write("first\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      release.await(10, TimeUnit.SECONDS); // the client must see the first line before this returns
      out.write("second\nthird\n".getBytes(StandardCharsets.UTF_8));
      out.close();
    });
    app.get("/stall", ctx -> {
      OutputStream out = ctx.stream("text/plain");
      out.write("begin".getBytes(StandardCharsets.UTF_8));
      out.flush();
      release.await(10, TimeUnit.SECONDS);
      out.close();
    });
    app.get("/big", ctx -> ctx.bytes(new byte[4096], "application/octet-stream"));
    app.post("/digest", Handler.streamingBody(1L << 30, ctx -> {
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
    return app;
  }

  @Test
  void jsonGoesBothWaysThroughTheCodec() throws Exception {
    EddyTest.run(app(new CountDownLatch(0)), (server, client) -> {
      try (Http http = Http.builder().baseUri(server.uri("/")).build()) {
        assertEquals(new Book("Book 7", 1843), http.get("books/7").json(Book.class));
        assertEquals(new Book("EMMA", 1816), http.post("books").jsonBody(new Book("Emma", 1815)).json(Book.class));
        try (Response r = http.post("books").jsonBody(new Book("x", 1)).send()) {
          assertEquals(201, r.status());
          assertTrue(r.header("content-type").startsWith("application/json"));
        }
      }
    });
  }

  @Test
  void aNon2xxAnswerIsATypedExceptionNamingTheStatusAndUrl() throws Exception {
    EddyTest.run(app(new CountDownLatch(0)), (server, client) -> {
      try (Http http = Http.client()) {
        URI uri = server.uri("/books/404");
        HttpStatusException e = assertThrows(HttpStatusException.class, () -> http.get(uri.toString()).json(Book.class));
        assertEquals(404, e.status());
        assertEquals(uri, e.uri());
        assertEquals("GET " + uri + " answered 404: No book 404 here", e.getMessage());
        assertThrows(HttpStatusException.class, () -> http.get(uri.toString()).text());
        try (Response r = http.get(uri.toString()).send()) {
          assertEquals(404, r.status(), "send() hands over any status");
          assertEquals("No book 404 here", r.text());
        }
        assertEquals(0, http.inFlight(), "every response was let go");
      }
    });
  }

  @Test
  void queriesHeadersAndAcceptAreSent() throws Exception {
    EddyTest.run(app(new CountDownLatch(0)), (server, client) -> {
      try (Http http = Http.client()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> echo = http.get(server.uri("/echo?a=1").toString())
            .query("q", "a b&c").header("X-Test", "yes").json(Map.class);
        assertEquals(Map.of("a", List.of("1"), "q", List.of("a b&c")), echo.get("query"));
        assertEquals("yes", echo.get("header"));
        assertEquals("application/json", echo.get("accept"));
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
            () -> http.get(server.uri("/").toString()).header("Host", "x"));
        assertEquals("The client sets Host itself; it can't be set on a request", host.getMessage());
        assertThrows(IllegalArgumentException.class, () -> http.get("/relative"), "no base URI to resolve against");
        assertThrows(IllegalArgumentException.class, () -> http.get("ftp://example/x"));
        assertThrows(IllegalArgumentException.class, () -> http.get(server.uri("/").toString()).header("X-Bad", "a\r\nb"));
      }
    });
  }

  @Test
  void aSlowServerFailsWithTheTimeoutAndABigBodyWithItsLimit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    EddyTest.run(app(release), (server, client) -> {
      try (Http http = Http.builder().timeout(Duration.ofMillis(300)).readTimeout(Duration.ofMillis(300))
          .maxBodyBytes(1000).build()) {
        assertThrows(HttpTimeoutException.class, () -> http.get(server.uri("/slow-head").toString()).text());
        assertEquals("late", http.get(server.uri("/slow-head").toString()).timeout(Duration.ofSeconds(5)).text(),
            "a call can wait longer than the client's default");
        try (Response r = http.get(server.uri("/stall").toString()).send()) {
          InputStream body = r.body();
          assertEquals("begin", new String(body.readNBytes(5), StandardCharsets.US_ASCII));
          HttpTimeoutException stalled = assertThrows(HttpTimeoutException.class, body::read);
          assertTrue(stalled.getMessage().contains("No data from GET"), stalled.getMessage());
        } finally {
          release.countDown();
        }
        IOException big = assertThrows(IOException.class, () -> http.get(server.uri("/big").toString()).bytes());
        assertTrue(big.getMessage().contains("larger than 1000 bytes"), big.getMessage());
        assertEquals(0, http.inFlight());
      }
    });
  }

  @Test
  void aResponseStreamsAsLinesAsTheyArrive() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    EddyTest.run(app(release), (server, client) -> {
      try (Http http = Http.client();
           Response r = http.get(server.uri("/lines").toString()).send();
           Stream<String> lines = r.lines()) {
        var it = lines.iterator();
        assertEquals("first", it.next(), "the first line arrives while the server still holds the rest");
        release.countDown();
        assertEquals("second", it.next());
        assertEquals("third", it.next());
        assertTrue(!it.hasNext());
      }
    });
  }

  @Test
  void aResponseStreamsToAFlowSubscriberAtItsPace() throws Exception {
    EddyTest.run(app(new CountDownLatch(0)), (server, client) -> {
      try (Http http = Http.client(); Response r = http.get(server.uri("/big").toString()).send()) {
        LinkedBlockingQueue<Object> got = new LinkedBlockingQueue<>();
        r.publisher().subscribe(new Flow.Subscriber<ByteBuffer>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer item) {
            got.add(item.remaining());
          }

          @Override
          public void onError(Throwable t) {
            got.add(t);
          }

          @Override
          public void onComplete() {
            got.add("done");
          }
        });
        int total = 0;
        for (Object o; !"done".equals(o = got.poll(5, TimeUnit.SECONDS)); ) {
          assertTrue(o instanceof Integer, String.valueOf(o));
          total += (Integer) o;
        }
        assertEquals(4096, total);
      }
    });
  }

  @Test
  void aStreamedRequestBodyGoesOutAsItIsProduced() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    App app = new App();
    app.post("/collect", Handler.streamingBody(1 << 20, ctx -> {
      started.countDown();
      ctx.text(new String(ctx.bodyStream().readAllBytes(), StandardCharsets.UTF_8));
    }));
    EddyTest.run(app, (server, client) -> {
      java.io.PipedOutputStream producer = new java.io.PipedOutputStream();
      java.io.PipedInputStream body = new java.io.PipedInputStream(producer);
      try (Http http = Http.client();
           java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        var call = pool.submit(() -> http.post(server.uri("/collect").toString()).body(() -> body, "text/plain").text());
        producer.write("hello".getBytes(StandardCharsets.UTF_8));
        producer.flush();
        assertTrue(started.await(5, TimeUnit.SECONDS), "the request went out while its body was still being produced");
        producer.write(" world".getBytes(StandardCharsets.UTF_8));
        producer.close();
        assertEquals("hello world", call.get(5, TimeUnit.SECONDS));
      }
    });
  }

  @Test
  void aRequestBodyStreamsFromAnInputStream() throws Exception {
    byte[] data = new byte[24 << 20];
    new Random(3).nextBytes(data);
    String expected = data.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    EddyTest.run(app(new CountDownLatch(0)), (server, client) -> {
      try (Http http = Http.client()) {
        assertEquals(expected, http.post(server.uri("/digest").toString())
            .body(() -> new ByteArrayInputStream(data), "application/octet-stream").text());
        assertEquals(expected, http.post(server.uri("/digest").toString())
            .body(RequestBody.of(() -> new ByteArrayInputStream(data), data.length, null)).text(), "with a length");
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), http.post(server.uri("/digest").toString())
            .body(data, "application/octet-stream").bytes());
      }
    });
  }
}
