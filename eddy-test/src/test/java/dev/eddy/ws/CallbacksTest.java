package dev.eddy.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.Key;
import dev.eddy.client.WebSocketClient;
import dev.eddy.client.WsMessage;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Callbacks run in order, one at a time, on virtual threads, with the opening request at hand. */
class CallbacksTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  static final Key<String> USER = Key.of("user");

  static URI ws(TestServer server, String path) {
    return URI.create("ws://127.0.0.1:" + server.port() + path);
  }

  @Test
  void openTextBinaryAndCloseReachTheHandlerInOrder() throws Exception {
    Recorder rec = new Recorder(true);
    App app = new App().ws("/echo", rec);
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/echo"))) {
        ws.sendText("hello");
        assertEquals(new WsMessage.Text("hello"), ws.receive(WAIT));
        ws.sendBinary(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, assertInstanceOf(WsMessage.Binary.class, ws.receive(WAIT)).bytes());
        assertEquals(new WebSocketClient.CloseStatus(4000, ""), ws.close(4000, "done").get(5, TimeUnit.SECONDS),
            "the server echoes the client's close code");
      }
      assertEquals("open", rec.next());
      assertEquals("text:hello", rec.next());
      assertEquals("binary:3", rec.next());
      assertEquals("close:4000:done", rec.next());
    });
  }

  @Test
  void theOpeningRequestIsAvailable() throws Exception {
    App app = new App();
    app.use((ctx, next) -> {
      ctx.attr(USER, ctx.header("X-User"));
      next.run();
    });
    app.ws("/rooms/:room", new WebSocketHandler() {
      @Override
      public void onOpen(WebSocket ws) {
        var ctx = ws.context();
        ws.send(ctx.param("room") + "|" + ctx.query("since") + "|" + ctx.header("X-User") + "|" + ctx.attr(USER)
            + "|" + ctx.path());
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.builder(ws(server, "/rooms/lobby?since=42")).header("X-User", "ada").connect()) {
        assertEquals(new WsMessage.Text("lobby|42|ada|ada|/rooms/lobby"), ws.receive(WAIT));
      }
    });
  }

  @Test
  void callbacksRunOneAtATimeInOrderOnVirtualThreads() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    App app = new App().ws("/slow", new WebSocketHandler() {
      @Override
      public void onText(WebSocket ws, String text) throws Exception {
        if (running.incrementAndGet() > 1) {
          overlaps.incrementAndGet();
        }
        threads.add((Thread.currentThread().isVirtual() ? "virtual " : "platform ") + Thread.currentThread().getName());
        Thread.sleep(2); // blocking is allowed here
        seen.add(Integer.parseInt(text));
        running.decrementAndGet();
        if (seen.size() == 200) {
          ws.send("done");
        }
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/slow"))) {
        for (int i = 0; i < 200; i++) {
          ws.sendText(Integer.toString(i));
        }
        assertEquals(new WsMessage.Text("done"), ws.receive(Duration.ofSeconds(10)));
      }
      assertEquals(0, overlaps.get(), "two callbacks of one connection ran at the same time");
      for (int i = 0; i < 200; i++) {
        assertEquals(i, seen.get(i), "messages out of order");
      }
      assertTrue(threads.stream().allMatch(t -> t.startsWith("virtual ") && !t.contains("eddy-loop")), threads.toString());
    });
  }

  @Test
  void aBlockedCallbackHoldsUpOnlyItsOwnConnection() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    App app = new App().ws("/block", new WebSocketHandler() {
      @Override
      public void onText(WebSocket ws, String text) throws Exception {
        if (text.equals("block")) {
          assertTrue(release.await(10, TimeUnit.SECONDS));
        }
        ws.send("echo:" + text);
      }
    });
    app.options(app.options().eventLoopThreads(1)); // both connections share one event loop
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient blocked = WebSocketClient.connect(ws(server, "/block"));
           WebSocketClient other = WebSocketClient.connect(ws(server, "/block"))) {
        blocked.sendText("block");
        other.sendText("hi");
        assertEquals(new WsMessage.Text("echo:hi"), other.receive(WAIT));
        release.countDown();
        assertEquals(new WsMessage.Text("echo:block"), blocked.receive(WAIT));
      }
    });
  }

  @Test
  void aThrowingCallbackGoesToOnErrorWhoseDefaultClosesWith1011() throws Exception {
    Recorder rec = new Recorder(false) {
      @Override
      public void onText(WebSocket ws, String text) {
        throw new IllegalStateException("boom");
      }
    };
    App app = new App().ws("/fail", rec);
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/fail"))) {
        ws.sendText("x");
        WebSocketClient.CloseStatus status = ws.closed().get(5, TimeUnit.SECONDS);
        assertEquals(1011, status.code());
      }
      assertEquals("open", rec.next());
      assertEquals("error:boom", rec.next());
      assertEquals("close:1011:Internal server error", rec.next());
    });
  }

  @Test
  void aHandlerWithoutOnBinaryClosesWith1003() throws Exception {
    App app = new App().ws("/text-only", new WebSocketHandler() {
      @Override
      public void onText(WebSocket ws, String text) {
        ws.send(text);
      }
    });
    EddyTest.run(app, (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/text-only"))) {
        ws.sendBinary(new byte[] {1});
        assertEquals(1003, ws.closed().get(5, TimeUnit.SECONDS).code());
        assertFalse(ws.closed().isCompletedExceptionally());
      }
    });
  }
}
