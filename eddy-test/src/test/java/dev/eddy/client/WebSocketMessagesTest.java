package dev.eddy.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.eddy.test.LeakWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages come back whole, however the peer fragments them; sends from any thread go out in order. */
class WebSocketMessagesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private EchoServer server;

  @BeforeEach
  void start() throws Exception {
    server = new EchoServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    LeakWatch.assertNoLeaks();
  }

  @Test
  void textAndBinaryMessagesComeBackWhole() throws Exception {
    try (WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendText("hello").get(5, TimeUnit.SECONDS);
      assertEquals(new WsMessage.Text("hello"), ws.receive(WAIT));
      ws.sendBinary(new byte[] {9, 8, 7});
      assertArrayEquals(new byte[] {9, 8, 7}, assertInstanceOf(WsMessage.Binary.class, ws.receive(WAIT)).bytes());
    }
  }

  @Test
  void fragmentedTextIsReassembledIntoOneMessage() throws Exception {
    try (WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendText("fragment");
      assertEquals(new WsMessage.Text("Hello, world"), ws.receive(WAIT));
      assertNull(ws.receive(Duration.ofMillis(100)), "one message, not three");
    }
  }

  @Test
  void fragmentedBinaryIsReassembledIntoOneMessage() throws Exception {
    try (WebSocketClient ws = WebSocketClient.connect(server.uri())) {
      ws.sendText("fragment-binary");
      assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, assertInstanceOf(WsMessage.Binary.class, ws.receive(WAIT)).bytes());
      assertNull(ws.receive(Duration.ofMillis(100)), "one message, not two");
    }
  }

  @Test
  void sendsFromManyThreadsGoOutOneAtATimeInCallOrder() throws Exception {
    int threads = 8;
    int each = 50;
    try (WebSocketClient ws = WebSocketClient.connect(server.uri())) {
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
  }
}
