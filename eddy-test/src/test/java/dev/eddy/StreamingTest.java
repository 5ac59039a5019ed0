package dev.eddy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.test.EddyTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamingTest {

  @Test
  void aStreamedResponseIsChunked() throws Exception {
    App app = new App();
    app.get("/count", ctx -> {
      try (OutputStream out = ctx.stream("text/plain")) {
        for (int i = 1; i <= 5; i++) {
          out.write((i + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    });
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.get("/count");
      assertEquals("1\n2\n3\n4\n5\n", r.body());
      assertEquals("chunked", r.headers().firstValue("Transfer-Encoding").orElseThrow());
    });
  }

  @Test
  void aSlowClientMakesTheWriterWaitInsteadOfTheServerBuffering() throws Exception {
    long total = 64L << 20; // 64 MiB
    AtomicLong written = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch finished = new CountDownLatch(1);
    App app = new App();
    app.get("/big", ctx -> {
      byte[] block = new byte[16 * 1024];
      try (OutputStream out = ctx.stream("application/octet-stream")) {
        while (written.get() < total) {
          out.write(block);
          written.addAndGet(block.length);
        }
      } catch (Throwable t) {
        failure.set(t);
        throw t;
      } finally {
        finished.countDown();
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setReceiveBufferSize(64 * 1024);
        s.setSoTimeout(10_000);
        s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(1000); // not reading: the handler must stall
        long stalledAt = written.get();
        assertTrue(stalledAt < 16L << 20, "the handler wrote " + stalledAt + " bytes to a client that reads nothing");
        Thread.sleep(300);
        assertTrue(written.get() - stalledAt < 1L << 20, "the handler kept writing while stalled");
        InputStream in = s.getInputStream();
        byte[] buf = new byte[64 * 1024];
        long received = 0;
        int n;
        while (received < total && (n = in.read(buf)) > 0) {
          received += n;
        }
        assertTrue(received >= total, "received " + received);
        assertTrue(finished.await(10, TimeUnit.SECONDS));
        assertEquals(null, failure.get());
      }
    });
  }

  @Test
  void writesFailOnceTheClientHasGone() throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch finished = new CountDownLatch(1);
    App app = new App();
    app.get("/forever", ctx -> {
      try (OutputStream out = ctx.stream("text/plain")) {
        for (int i = 0; i < 1_000_000; i++) {
          out.write(new byte[8192]);
        }
      } catch (java.io.IOException e) {
        failure.set(e);
      } finally {
        finished.countDown();
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.getOutputStream().write("GET /forever HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getInputStream().read(new byte[1024]);
      }
      assertTrue(finished.await(10, TimeUnit.SECONDS), "the writer should notice the client left");
      assertTrue(failure.get() instanceof java.io.IOException, String.valueOf(failure.get()));
    });
  }

  @Test
  void http10StreamsEndWithTheConnection() throws Exception {
    App app = new App();
    app.get("/old", ctx -> {
      try (OutputStream out = ctx.stream("text/plain")) {
        out.write("one ".getBytes(StandardCharsets.UTF_8));
        out.flush();
        out.write("two".getBytes(StandardCharsets.UTF_8));
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (RawClient raw = new RawClient(server.port())) {
        String r = raw.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readToClose();
        assertTrue(r.startsWith("HTTP/1.0 200 OK"), r);
        assertTrue(!r.toLowerCase().contains("transfer-encoding"), r);
        assertTrue(r.endsWith("\r\n\r\none two"), r);
      }
    });
  }

  @Test
  void streamingIsRefusedOnEventLoopRoutes() throws Exception {
    App app = new App();
    app.get("/loop", Handler.onEventLoop(ctx -> ctx.stream("text/plain")));
    EddyTest.run(app, (server, client) -> assertEquals(500, client.get("/loop").statusCode()));
  }
}
