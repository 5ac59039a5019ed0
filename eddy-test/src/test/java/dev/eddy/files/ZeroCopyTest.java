package dev.eddy.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.ServerOptions;
import dev.eddy.test.EddyTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files go out as Netty file regions: intact, in request order on a kept-alive connection, without
 * the heap growing while a client is slow, and without the idle timeout cutting a download that
 * makes progress.
 */
class ZeroCopyTest {
  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    return b;
  }

  @Test
  void aLargeFileArrivesIntactAndTheConnectionStaysUsable(@TempDir Path dir) throws Exception {
    byte[] data = randomBytes(48 << 20);
    Files.write(dir.resolve("big.bin"), data);
    Files.writeString(dir.resolve("small.txt"), "after the big one");
    App app = new App();
    app.get("/files/*", Static.dir(dir));
    EddyTest.run(app, (server, client) -> {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(10_000);
        // Pipelined: the small file must come after every byte of the big one.
        s.getOutputStream().write(("GET /files/big.bin HTTP/1.1\r\nHost: t\r\n\r\n"
            + "GET /files/small.txt HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        String head = Raw.readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200 "), head);
        assertTrue(head.contains("content-length: " + data.length), head);
        byte[] body = in.readNBytes(data.length);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
            MessageDigest.getInstance("SHA-256").digest(body));
        String second = Raw.readHead(in);
        assertTrue(second.startsWith("HTTP/1.1 200 "), second);
        assertEquals("after the big one", new String(in.readNBytes(17), StandardCharsets.UTF_8));
      }
      // The JDK client agrees, with ranges from the middle as well.
      assertArrayEquals(data, client.http().send(client.request("/files/big.bin").build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body());
      byte[] middle = client.http().send(client.request("/files/big.bin").header("Range", "bytes=1000000-1999999").build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
      assertArrayEquals(java.util.Arrays.copyOfRange(data, 1_000_000, 2_000_000), middle);
    });
  }

  @Test
  void aClientThatDoesNotReadDoesNotGrowTheHeap(@TempDir Path dir) throws Exception {
    int size = 160 << 20;
    try (var out = Files.newOutputStream(dir.resolve("huge.bin"))) {
      byte[] block = randomBytes(1 << 20);
      for (int i = 0; i < size >> 20; i++) {
        out.write(block);
      }
    }
    App app = new App();
    app.get("/files/*", Static.dir(dir));
    EddyTest.run(app, (server, client) -> {
      long before = usedHeap();
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setReceiveBufferSize(64 * 1024);
        s.setSoTimeout(10_000);
        s.getOutputStream().write("GET /files/huge.bin HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(1000); // the server has answered and is waiting for the socket
        long during = usedHeap();
        assertTrue(during - before < 48 << 20, "heap grew by " + ((during - before) >> 20) + " MiB for a stalled client");
        InputStream in = s.getInputStream();
        Raw.readHead(in);
        long got = 0;
        byte[] buf = new byte[1 << 16];
        int n;
        while (got < size && (n = in.read(buf)) > 0) {
          got += n;
        }
        assertEquals(size, got);
      }
    });
  }

  @Test
  void aSlowButSteadyDownloadOutlivesTheIdleTimeout(@TempDir Path dir) throws Exception {
    byte[] data = randomBytes(24 << 20); // well beyond what socket buffers hold
    Files.write(dir.resolve("file.bin"), data);
    App app = new App().options(ServerOptions.defaults().idleTimeout(Duration.ofMillis(1500)));
    app.get("/files/*", Static.dir(dir));
    EddyTest.run(app, (server, client) -> {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setReceiveBufferSize(32 * 1024);
        s.setSoTimeout(10_000);
        s.getOutputStream().write("GET /files/file.bin HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        Raw.readHead(in);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[32 * 1024];
        long start = System.nanoTime();
        while (got.size() < data.length) {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          got.write(buf, 0, n);
          Thread.sleep(5); // about 4 s in all: longer than two idle timeouts
        }
        long took = System.nanoTime() - start;
        assertArrayEquals(data, got.toByteArray());
        assertTrue(took > Duration.ofMillis(3000).toNanos(), "the download was not slow enough to test: " + took / 1_000_000 + " ms");
      }
    });
  }

  private static long usedHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
