package dev.eddy.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** While callbacks lag behind, the server stops reading: a fast sender is held back, not buffered. */
class InboundBackpressureTest {

  @Test
  void aBlockedHandlerStopsReadingAndNothingIsLost() throws Exception {
    int count = 160;
    int size = 64 * 1024; // 10 MB in all: more than the socket buffers can hide
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> got = Collections.synchronizedList(new ArrayList<>());
    App app = new App().ws("/slow", WebSocketOptions.defaults().maxMessageBytes(size), new WebSocketHandler() {
      @Override
      public void onBinary(WebSocket ws, byte[] data) throws Exception {
        release.await(20, TimeUnit.SECONDS);
        got.add(ByteBuffer.wrap(data).getInt());
        if (got.size() == count) {
          ws.send("all " + count);
        }
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (RawWebSocket raw = RawWebSocket.open(server.port(), "/slow", 16 * 1024, "")) {
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
          try {
            for (int i = 0; i < count; i++) {
              raw.send(true, RawWebSocket.BINARY, ByteBuffer.allocate(size).putInt(i).array());
            }
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }, r -> Thread.ofPlatform().start(r));
        Thread.sleep(1500);
        assertFalse(written.isDone(), "the server kept reading while its handler was blocked");
        release.countDown();
        written.get(20, TimeUnit.SECONDS);
        raw.timeout(20_000);
        assertEquals("all " + count, raw.read().text());
      }
      for (int i = 0; i < count; i++) {
        assertEquals(i, got.get(i));
      }
      assertTrue(got.size() == count);
    });
  }
}
