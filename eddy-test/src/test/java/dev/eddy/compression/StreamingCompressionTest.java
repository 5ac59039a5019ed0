package dev.eddy.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.files.Raw;
import dev.eddy.test.EddyTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** Streams are compressed as they are written: each flush reaches the client, decodable at once. */
class StreamingCompressionTest {

  @Test
  void eachFlushedPieceDecodesBeforeTheStreamEnds() throws Exception {
    CountDownLatch seen = new CountDownLatch(1);
    App app = new App();
    app.use(Compression.defaults());
    app.get("/live", ctx -> {
      try (OutputStream out = ctx.stream("text/plain; charset=utf-8")) {
        out.write("first piece\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (!seen.await(5, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the client never decoded the first piece");
        }
        out.write("second piece\n".getBytes(StandardCharsets.UTF_8));
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET /live HTTP/1.1\r\nHost: t\r\nAccept-Encoding: deflate\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        String head = Raw.readHead(in);
        assertTrue(head.contains("content-encoding: deflate"), head);
        assertTrue(head.contains("transfer-encoding: chunked"), head);
        Inflater inflater = new Inflater();
        StringBuilder text = new StringBuilder();
        while (!text.toString().contains("first piece\n")) {
          text.append(inflate(inflater, readChunk(in)));
        }
        seen.countDown();
        byte[] chunk;
        while ((chunk = readChunk(in)).length > 0) {
          text.append(inflate(inflater, chunk));
        }
        assertEquals("first piece\nsecond piece\n", text.toString());
        assertTrue(inflater.finished(), "the stream ends with the coding's end");
        inflater.end();
      }
    });
  }

  @Test
  void aStreamTheHandlerLeavesOpenStillEndsItsCoding() throws Exception {
    String line = "the same line again and again\n";
    App app = new App();
    app.use(Compression.defaults());
    app.get("/open", ctx -> {
      OutputStream out = ctx.stream("text/plain");
      for (int i = 0; i < 10_000; i++) {
        out.write(line.getBytes(StandardCharsets.UTF_8));
      }
      // not closed: Eddy closes it, and the gzip trailer must still go out
    });
    EddyTest.run(app, (server, client) -> {
      Raw.Response r = Raw.get(server.port(), "/open", "Accept-Encoding: gzip");
      assertEquals("gzip", r.header("Content-Encoding"));
      assertEquals(line.repeat(10_000), new String(Decode.decode("gzip", r.body()), StandardCharsets.UTF_8));
      assertTrue(r.body().length < 10_000, "compressed: " + r.body().length);
    });
  }

  @Test
  void eventStreamsAreNeverCompressed() throws Exception {
    App app = new App();
    app.use(Compression.defaults());
    app.sse("/events", sse -> {
      sse.send("x".repeat(5000));
      sse.close();
    });
    app.get("/raw-events", ctx -> {
      try (OutputStream out = ctx.stream("text/event-stream")) {
        out.write(("data: " + "y".repeat(5000) + "\n\n").getBytes(StandardCharsets.UTF_8));
      }
    });
    EddyTest.run(app, (server, client) -> {
      Raw.Response sse = Raw.get(server.port(), "/events", "Accept-Encoding: gzip");
      assertNull(sse.header("Content-Encoding"));
      assertTrue(sse.text().contains("x".repeat(5000)));
      Raw.Response raw = Raw.get(server.port(), "/raw-events", "Accept-Encoding: gzip");
      assertNull(raw.header("Content-Encoding"));
      assertTrue(raw.text().contains("y".repeat(5000)));
    });
  }

  private static String inflate(Inflater inflater, byte[] input) throws Exception {
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = inflater.inflate(buf)) > 0) {
      out.write(buf, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Reads one chunk of a chunked body; empty for the last. */
  private static byte[] readChunk(InputStream in) throws Exception {
    StringBuilder size = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new AssertionError("closed inside a chunk size");
      }
      if (c != '\r') {
        size.append((char) c);
      }
    }
    int n = Integer.parseInt(size.toString().trim(), 16);
    byte[] data = in.readNBytes(n);
    in.readNBytes(2);
    return data;
  }
}
