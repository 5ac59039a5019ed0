package dev.eddy.ws;

import static dev.eddy.ws.CallbacksTest.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.client.WebSocketClient;
import dev.eddy.client.WsMessage;
import dev.eddy.test.EddyTest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sends: JSON, from many threads at once, stages that complete off the event loop. */
class SendingTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  record Progress(String type, int value, int total) {}

  @Test
  void sendJsonEncodesWithTheAppsCodec() throws Exception {
    App app = new App().ws("/json", new WebSocketHandler() {
      @Override
      public void onOpen(WebSocket ws) {
        ws.sendJson(new Progress("progress", 3, 10));
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/json"))) {
        assertEquals(new WsMessage.Text("{\"type\":\"progress\",\"value\":3,\"total\":10}"), ws.receive(WAIT));
      }
    });
  }

  @Test
  void sendsFromManyThreadsKeepEachSendersOrderAndNeverInterleave() throws Exception {
    int threads = 16;
    int each = 200;
    String padding = "x".repeat(3000); // several TCP segments per message: interleaving would show
    // 9.6 MB at once: room in the outbound queue for all of it, so nothing is refused
    WebSocketOptions roomy = WebSocketOptions.defaults().maxQueuedBytes(32 << 20);
    App app = new App().ws("/many", roomy, new WebSocketHandler() {
      @Override
      public void onText(WebSocket ws, String text) throws Exception {
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int id = t;
          senders.add(Thread.ofPlatform().start(() -> {
            for (int i = 0; i < each; i++) {
              ws.send(id + ":" + i + ":" + padding);
            }
          }));
        }
        for (Thread s : senders) {
          s.join();
        }
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.builder(ws(server, "/many")).queueCapacity(threads * each).connect()) {
        ws.sendText("go");
        Map<Integer, Integer> next = new HashMap<>();
        for (int n = 0; n < threads * each; n++) {
          WsMessage m = ws.receive(Duration.ofSeconds(10));
          assertNotNull(m, "message " + n + " did not arrive");
          String[] parts = assertInstanceOf(WsMessage.Text.class, m).text().split(":");
          assertEquals(3, parts.length);
          assertEquals(padding, parts[2], "a message was corrupted");
          int sender = Integer.parseInt(parts[0]);
          int seq = Integer.parseInt(parts[1]);
          assertEquals(next.getOrDefault(sender, 0), seq, "sender " + sender + " out of order");
          next.put(sender, seq + 1);
        }
      }
    });
  }

  @Test
  void stagesCompleteAndChainedActionsRunOffTheEventLoop() throws Exception {
    CompletableFuture<String> chainedOn = new CompletableFuture<>();
    CompletableFuture<Void> joined = new CompletableFuture<>();
    App app = new App().ws("/stage", new WebSocketHandler() {
      @Override
      public void onOpen(WebSocket ws) {
        ws.send("one").thenRun(() -> chainedOn.complete(Thread.currentThread().getName()
            + (Thread.currentThread().isVirtual() ? " (virtual)" : "")));
        ws.send("two").toCompletableFuture().join(); // waiting in a callback is fine
        joined.complete(null);
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/stage"))) {
        assertEquals(new WsMessage.Text("one"), ws.receive(WAIT));
        assertEquals(new WsMessage.Text("two"), ws.receive(WAIT));
        joined.get(5, TimeUnit.SECONDS);
        String thread = chainedOn.get(5, TimeUnit.SECONDS);
        assertFalse(thread.contains("eddy-loop"), thread);
        assertTrue(thread.endsWith("(virtual)"), thread);
      }
    });
  }

  @Test
  void sendsAfterCloseFailAndCloseCompletesOnceClosed() throws Exception {
    CompletableFuture<Throwable> lateSend = new CompletableFuture<>();
    CompletableFuture<Boolean> closedCompleted = new CompletableFuture<>();
    App app = new App().ws("/close", new WebSocketHandler() {
      @Override
      public void onText(WebSocket ws, String text) throws Exception {
        CompletionStage<Void> closing = ws.close(4001, "bye");
        assertFalse(ws.isOpen());
        try {
          ws.send("too late").toCompletableFuture().get(5, TimeUnit.SECONDS);
          lateSend.complete(null);
        } catch (ExecutionException e) {
          lateSend.complete(e.getCause());
        }
        closing.toCompletableFuture().get(5, TimeUnit.SECONDS);
        closedCompleted.complete(true);
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/close"))) {
        ws.sendText("close please");
        assertEquals(new WebSocketClient.CloseStatus(4001, "bye"), ws.closed().get(5, TimeUnit.SECONDS));
      }
      assertInstanceOf(IOException.class, lateSend.get(5, TimeUnit.SECONDS));
      assertTrue(closedCompleted.get(5, TimeUnit.SECONDS));
    });
  }

  @Test
  void closeRefusesCodesAnAppMayNotSend() throws Exception {
    CompletableFuture<List<String>> problems = new CompletableFuture<>();
    App app = new App().ws("/codes", new WebSocketHandler() {
      @Override
      public void onOpen(WebSocket ws) {
        List<String> out = new ArrayList<>();
        for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2000, 5000}) {
          out.add(assertThrows(IllegalArgumentException.class, () -> ws.close(code, "")).getMessage());
        }
        out.add(assertThrows(IllegalArgumentException.class, () -> ws.close(1000, "x".repeat(124))).getMessage());
        problems.complete(out);
        ws.close();
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/codes"))) {
        assertEquals(1000, ws.closed().get(5, TimeUnit.SECONDS).code());
      }
      List<String> messages = problems.get(5, TimeUnit.SECONDS);
      assertEquals(8, messages.size());
      assertTrue(messages.get(0).contains("999"), messages.get(0));
      assertTrue(messages.get(7).contains("123 bytes"), messages.get(7));
    });
  }
}
