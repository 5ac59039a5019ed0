package dev.eddy.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.client.SseEvent;
import dev.eddy.hub.Hub;
import dev.eddy.hub.SubscribeOptions;
import dev.eddy.hub.Subscription;
import dev.eddy.test.EddyTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A client that never reads costs the server at most {@link SseOptions#maxQueuedBytes()}: once
 * that much is waiting for it, it is disconnected (its {@code send} returns false, {@code onClose}
 * runs, its Hub subscription ends), while a client that reads gets every event, unslowed.
 */
class SseSlowConsumerTest {
  private static final long MAX_QUEUED = 256 * 1024;
  private static final int CLIENT_RCVBUF = 16 * 1024;
  private static final String BLOCK = "x".repeat(4096);
  private static final int ROUND = 16;

  @Test
  void aClientThatNeverReadsIsCutOffAtItsQueueLimitWhileOthersGetEverything() throws Exception {
    AtomicLong acceptedForStalled = new AtomicLong();
    java.util.Queue<String> readerLog = new java.util.concurrent.ConcurrentLinkedQueue<>();
    CountDownLatch stalledSubscribed = new CountDownLatch(1);
    CountDownLatch stalledClosed = new CountDownLatch(1);
    try (Hub hub = Hub.inMemory()) {
      App app = new App();
      app.sse("/feed", SseOptions.defaults().maxQueuedBytes(MAX_QUEUED), client -> {
        boolean stalled = "stalled".equals(client.context().query("who"));
        Subscription sub = hub.subscribe("feed", SubscribeOptions.disconnect().capacity(SubscribeOptions.MAX_CAPACITY), m -> {
          String id = Long.toString(m.id());
          if (client.send(m.event(), m.data(), id) && stalled) {
            acceptedForStalled.addAndGet(("id: " + id + "\nevent: " + m.event() + "\ndata: " + m.data() + "\n\n")
                .getBytes(StandardCharsets.UTF_8).length);
          }
        });
        client.onClose(sub::close);
        if (!stalled) {
          readerLog.add("connected from " + client.context().remoteAddress());
          client.onClose(() -> readerLog.add("closed: " + sub.end().map(Subscription.End::name).orElse("subscription open")));
        }
        if (stalled) {
          client.onClose(stalledClosed::countDown);
          stalledSubscribed.countDown();
        }
      });
      EddyTest.run(app, (server, client) -> {
        try (Socket stalled = new Socket();
             dev.eddy.client.SseClient reader = dev.eddy.client.SseClient.connect(server.uri("/feed?who=reader"))) {
          stalled.setReceiveBufferSize(CLIENT_RCVBUF); // before connect, so the window stays small
          stalled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
          stalled.getOutputStream().write("GET /feed?who=stalled HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          assertTrue(stalledSubscribed.await(5, TimeUnit.SECONDS));
          while (hub.subscribers("feed") < 2) {
            Thread.sleep(5);
          }
          // Publish in rounds of 16 events (64 KiB), each once the reader has them all: the
          // reader keeps up, the stalled client falls further behind every round. (The server
          // counts bytes until the loop has seen them written, which can trail what the reader
          // already has by a round: two rounds stay well under the limit.)
          int published = 0;
          while (stalledClosed.getCount() > 0 && published < 100_000) { // 400 MB if nothing stopped it
            for (int i = 0; i < ROUND; i++, published++) {
              hub.publish("feed", "tick", published + ":" + BLOCK);
            }
            for (int i = published - ROUND; i < published; i++) {
              SseEvent e = reader.next(Duration.ofSeconds(5));
              assertNotNull(e, "the reader got event " + i + " in time; its connections: " + readerLog);
              assertEquals(i + ":" + BLOCK, e.data());
            }
          }
          assertTrue(stalledClosed.await(5, TimeUnit.SECONDS), "the stalled client was disconnected");
          long bound = MAX_QUEUED + kernelBuffers() + 5_000;
          assertTrue(acceptedForStalled.get() <= bound, "the server took " + acceptedForStalled.get()
              + " bytes for a client that reads nothing; its queue limit plus the kernel's buffers is " + bound);
          assertEquals(1, hub.subscribers("feed"), "the stalled client's subscription ended with it");

          // What the stalled client can still read is what the kernel held, then the connection ends.
          stalled.setSoTimeout(5_000);
          InputStream in = stalled.getInputStream();
          long read = 0;
          try {
            for (int n; (n = in.read(new byte[65536])) >= 0; ) {
              read += n;
            }
          } catch (SocketTimeoutException e) {
            throw new AssertionError("the stalled client's connection stayed open after " + read + " bytes", e);
          } catch (IOException reset) {
            // a reset ends it as well as a FIN
          }
          assertTrue(read <= bound, "read " + read + " bytes");

          // The reader was never held up: it is still connected and gets the next event at once.
          hub.publish("feed", "tick", "after");
          assertEquals("after", reader.next(Duration.ofSeconds(5)).data());
          assertFalse(reader.isClosed());
        }
      });
    }
  }

  /**
   * What the kernel can hold between the server's socket and a client that never reads: the
   * server's send buffer, which Linux grows up to {@code tcp_wmem}'s maximum, plus the client's
   * receive buffer (Linux doubles what was set, for bookkeeping).
   */
  private static long kernelBuffers() throws IOException {
    Path wmem = Path.of("/proc/sys/net/ipv4/tcp_wmem");
    long sendMax = 8L << 20; // elsewhere: more than any default we know
    if (Files.isReadable(wmem)) {
      try (InputStream in = Files.newInputStream(wmem)) { // procfs reports size 0: read to the end
        sendMax = Long.parseLong(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+")[2]);
      }
    }
    return sendMax + 2L * CLIENT_RCVBUF;
  }
}
