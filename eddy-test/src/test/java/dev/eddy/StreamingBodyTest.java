package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamingBodyTest {
  private static final long MB = 1 << 20;

  /** An app whose /upload streams up to 256 MiB and answers the body's length and SHA-256. */
  private static App digestApp() {
    App app = new App();
    app.post("/upload", Handler.streamingBody(256 * MB, ctx -> {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long n = 0;
      byte[] buf = new byte[16384];
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

  private static String digestOf(byte[] data) throws Exception {
    return data.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void aBodyLargerThanTheBufferedLimitStreamsIntactWithContentLengthAndChunked() throws Exception {
    byte[] data = new byte[(int) (24 * MB)]; // over the 10 MiB default for buffered bodies
    new Random(7).nextBytes(data);
    EddyTest.run(digestApp(), (server, client) -> {
      HttpResponse<String> fixed = client.send(client.request("/upload")
          .POST(HttpRequest.BodyPublishers.ofByteArray(data)));
      assertEquals(200, fixed.statusCode());
      assertEquals(digestOf(data), fixed.body());
      HttpResponse<String> chunked = client.send(client.request("/upload")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(data))));
      assertEquals(digestOf(data), chunked.body());
    });
  }

  @Test
  void aSlowReaderHoldsTheClientBackInsteadOfBufferingTheBody() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong read = new AtomicLong();
    App app = new App();
    app.post("/slow", Handler.streamingBody(512 * MB, ctx -> {
      InputStream in = ctx.bodyStream();
      byte[] buf = new byte[8192];
      read.addAndGet(in.read(buf));
      release.await(20, TimeUnit.SECONDS); // the handler stops reading for a while
      for (int r; (r = in.read(buf)) >= 0; ) {
        read.addAndGet(r);
      }
      ctx.text("read " + read.get());
    }));
    long total = 256 * MB;
    AtomicLong sent = new AtomicLong();
    EddyTest.run(app, (server, client) -> {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
          try {
            out.write(("POST /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + total + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[64 * 1024];
            for (long s = 0; s < total; s += block.length) {
              out.write(block);
              sent.addAndGet(block.length);
            }
            out.flush();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        Thread.sleep(1500);
        long stalledAt = sent.get();
        Thread.sleep(500);
        // The writer is stuck: only socket buffers and Eddy's 64 KiB queue hold the unread body.
        assertEquals(stalledAt, sent.get(), "the client kept sending while the handler read nothing");
        assertTrue(stalledAt - read.get() < 32 * MB, "unread bytes in flight: " + (stalledAt - read.get()));
        release.countDown();
        writer.get(30, TimeUnit.SECONDS);
        String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.endsWith("read " + total), response);
      }
    });
  }

  @Test
  void aDeclaredLengthOverTheRouteLimitGets413BeforeTheHandlerRuns() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    App app = new App();
    app.post("/small", Handler.streamingBody(1000, ctx -> {
      calls.incrementAndGet();
      ctx.text("no");
    }));
    EddyTest.run(app, (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        String response = raw.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n").readToClose();
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
      }
      assertEquals(0, calls.get());
    });
  }

  @Test
  void aChunkedBodyOverTheRouteLimitFailsTheReaderWith413AndClosesTheConnection() throws Exception {
    CompletableFuture<Throwable> seen = new CompletableFuture<>();
    App app = new App();
    app.post("/small", Handler.streamingBody(1000, ctx -> {
      try {
        ctx.bodyStream().readAllBytes();
        seen.complete(null);
      } catch (RuntimeException | IOException e) {
        seen.complete(e);
        throw e;
      }
    }));
    EddyTest.run(app, (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        String chunk = "x".repeat(600);
        String response = raw.send("POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n").readToClose();
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("larger than 1000 bytes"), response);
      }
      HttpException e = assertInstanceOf(HttpException.class, seen.get(5, TimeUnit.SECONDS));
      assertEquals(413, e.status());
    });
  }

  @Test
  void aClientThatLeavesMidBodyFailsTheReaderInsteadOfEndingTheBody() throws Exception {
    CompletableFuture<Throwable> seen = new CompletableFuture<>();
    App app = new App();
    app.post("/upload", Handler.streamingBody(MB, ctx -> {
      try {
        ctx.bodyStream().readAllBytes();
        seen.complete(null);
        ctx.text("complete?");
      } catch (IOException e) {
        seen.complete(e);
      }
    }));
    EddyTest.run(app, (server, client) -> {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"
            + "y".repeat(100)).getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        Thread.sleep(200);
      }
      assertInstanceOf(IOException.class, seen.get(5, TimeUnit.SECONDS));
    });
  }

  @Test
  void aHandlerThatAnswersBeforeTheBodyEndsClosesTheConnectionAfterItsResponse() throws Exception {
    App app = new App();
    app.post("/early", Handler.streamingBody(MB, ctx -> ctx.status(403).text("not you")));
    EddyTest.run(app, (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        String response = raw.send("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
            + "z".repeat(100)).readToClose();
        assertTrue(response.startsWith("HTTP/1.1 403"), response);
        assertTrue(response.toLowerCase().contains("connection: close"), response);
      }
    });
  }

  @Test
  void pipelinedRequestsBehindAStreamedBodyAreAnsweredInOrder() throws Exception {
    App app = digestApp();
    app.get("/after", ctx -> ctx.text("after"));
    EddyTest.run(app, (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        String body = "hello streamed world";
        String responses = raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
            + "\r\n\r\n" + body + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n").readResponses(2);
        int first = responses.indexOf(digestOf(body.getBytes(StandardCharsets.US_ASCII)));
        int second = responses.indexOf("after");
        assertTrue(first > 0 && second > first, responses);
      }
    });
  }

  @Test
  void theBufferedViewsRefuseAStreamingRouteAndAnEmptyBodyReadsAsEof() throws Exception {
    CompletableFuture<Throwable> seen = new CompletableFuture<>();
    App app = new App();
    app.post("/buffered", Handler.streamingBody(MB, ctx -> {
      try {
        ctx.body();
      } catch (IllegalStateException e) {
        seen.complete(e);
      }
      ctx.text("drained " + ctx.bodyStream().readAllBytes().length);
    }));
    app.get("/none", Handler.streamingBody(MB, ctx -> ctx.text("eof " + ctx.bodyStream().read())));
    EddyTest.run(app, (server, client) -> {
      assertEquals("drained 3", client.post("/buffered", "abc", "text/plain").body());
      assertTrue(seen.get(5, TimeUnit.SECONDS).getMessage().contains("ctx.bodyStream()"));
      assertEquals("eof -1", client.get("/none").body());
    });
  }

  @Test
  void aStreamingHandlerCannotRunOnTheEventLoop() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Handler.streamingBody(MB, Handler.onEventLoop(ctx -> ctx.text("x"))));
    assertTrue(e.getMessage().contains("event loop"));
  }

  /**
   * A handler that stops reading and answers while the rest of the body is still arriving: the
   * response's {@code Connection} header and what the server then does with the connection must
   * agree, or a keep-alive client sends its next request into a connection being closed. Repeated,
   * because the body may end at any moment around the answer.
   */
  @Test
  void theConnectionHeaderAndTheServersCloseAgreeWhenABodyEndsAroundTheAnswer() throws Exception {
    App app = new App();
    app.post("/refuse", Handler.streamingBody(MB, ctx -> {
      ctx.bodyStream().readNBytes(10);
      ctx.status(413).text("too much");
    }));
    app.get("/next", ctx -> ctx.text("next"));
    Random random = new Random(11);
    EddyTest.run(app, (server, client) -> {
      for (int i = 0; i < 200; i++) {
        long pauseNanos = random.nextInt(400_000);
        HttpResponse<String> refused = client.send(client.request("/refuse")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new TricklingBody(8, 512, pauseNanos))));
        assertEquals(413, refused.statusCode());
        assertEquals("next", client.get("/next").body(), "round " + i);
      }
    });
  }

  /** TricklingBody is a request body sent as {@code pieces} chunks with a pause before each: it ends at an unknown moment. */
  private static final class TricklingBody extends InputStream {
    private final int pieceBytes;
    private final long pauseNanos;
    private int piecesLeft;

    TricklingBody(int pieces, int pieceBytes, long pauseNanos) {
      this.piecesLeft = pieces;
      this.pieceBytes = pieceBytes;
      this.pauseNanos = pauseNanos;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("read in pieces");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (piecesLeft == 0) {
        return -1;
      }
      piecesLeft--;
      java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
      int n = Math.min(len, pieceBytes);
      java.util.Arrays.fill(b, off, off + n, (byte) 'b');
      return n;
    }
  }
}
