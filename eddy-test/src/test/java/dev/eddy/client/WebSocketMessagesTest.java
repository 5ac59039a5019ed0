package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.eddy.test.EddyTest;
import dev.eddy.test.LeakWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Messages come back whole, however the peer fragments them; sends from any thread go out in
 * order. The peer is Eddy's server, except for fragments: Eddy sends each message as one frame,
 * so fragmented ones come from {@link EchoServer}.
 */
class WebSocketMessagesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void textAndBinaryMessagesComeBackWhole() throws Exception {
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(WsPeer.uri(server))) {
        ws.sendText("hello").get(5, TimeUnit.SECONDS);
        assertEquals(new WsMessage.Text("hello"), ws.receive(WAIT));
        ws.sendBinary(new byte[] {9, 8, 7});
        assertArrayEquals(new byte[] {9, 8, 7}, assertInstanceOf(WsMessage.Binary.class, ws.receive(WAIT)).bytes());
        ws.sendText("big 300000"); // many TCP segments, one message
        assertEquals("x".repeat(300000), assertInstanceOf(WsMessage.Text.class, ws.receive(WAIT)).text());
      }
    });
  }

  @Test
  void fragmentedTextIsReassembledIntoOneMessage() throws Exception {
    try (EchoServer server = new EchoServer(); WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendText("fragment");
      assertEquals(new WsMessage.Text("Hello, world"), ws.receive(WAIT));
      assertNull(ws.receive(Duration.ofMillis(100)), "one message, not three");
    }
    LeakWatch.assertNoLeaks();
  }

  @Test
  void fragmentedBinaryIsReassembledIntoOneMessage() throws Exception {
    try (EchoServer server = new EchoServer(); WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendText("fragment-binary");
      assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, assertInstanceOf(WsMessage.Binary.class, ws.receive(WAIT)).bytes());
      assertNull(ws.receive(Duration.ofMillis(100)), "one message, not two");
    }
    LeakWatch.assertNoLeaks();
  }

  @Test
  void sendsFromManyThreadsGoOutOneAtATimeInCallOrder() throws Exception {
    int threads = 8;
    int each = 50;
    EddyTest.run(WsPeer.app(new WsPeer()), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.builder(WsPeer.uri(server)).queueCapacity(threads * each).connect()) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int id = t;
          senders.add(Thread.ofVirtual().start(() -> {
            for (int i = 0; i < each; i++) {
              CompletableFuture<Void> sent = ws.sendText(id + ":" + i); // no waiting between sends
              synchronized (sends) {
                sends.add(sent);
              }
            }
          }));
        }
        for (Thread sender : senders) {
          sender.join(WAIT);
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        Map<Integer, Integer> nextFrom = new HashMap<>();
        for (int n = 0; n < threads * each; n++) {
          String[] parts = assertInstanceOf(WsMessage.Text.class, ws.receive(WAIT)).text().split(":");
          int thread = Integer.parseInt(parts[0]);
          int expected = nextFrom.getOrDefault(thread, 0);
          assertEquals(expected, Integer.parseInt(parts[1]), "messages of thread " + thread + " in order");
          nextFrom.put(thread, expected + 1);
        }
      }
    });
  }
}
