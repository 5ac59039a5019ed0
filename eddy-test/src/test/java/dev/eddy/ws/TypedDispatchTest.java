package dev.eddy.ws;

import static dev.eddy.ws.CallbacksTest.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.client.WebSocketClient;
import dev.eddy.client.WsMessage;
import dev.eddy.test.EddyTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON messages go to the handler of their type; what can't be dispatched gets an error reply. */
class TypedDispatchTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  record Start(String type, String name, int total) {}

  static class TaskSocket extends TypedHandler {
    TaskSocket() {
      on("start", Start.class, (ws, start) -> ws.sendJson(Map.of("type", "started", "name", start.name(), "total", start.total())));
      on("stop", (ws, msg) -> ws.sendJson(Map.of("type", "stopped", "id", msg.get("id"))));
    }

    @Override
    public void onOpen(WebSocket ws) {
      ws.sendJson(Map.of("type", "hello"));
    }
  }

  private static App app() {
    return new App().ws("/tasks", new TaskSocket());
  }

  private static String text(WsMessage m) {
    return ((WsMessage.Text) m).text();
  }

  @Test
  void messagesGoToTheHandlerOfTheirType() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/tasks"))) {
        assertEquals("{\"type\":\"hello\"}", text(ws.receive(WAIT)));
        ws.sendJson(Map.of("type", "start", "name", "crawl", "total", 10));
        Map<?, ?> started = new dev.eddy.internal.json.JacksonCodec().decode(text(ws.receive(WAIT)).getBytes(), Map.class);
        assertEquals(Map.of("type", "started", "name", "crawl", "total", 10), started);
        ws.sendText("{\"type\":\"stop\",\"id\":7}");
        Map<?, ?> stopped = new dev.eddy.internal.json.JacksonCodec().decode(text(ws.receive(WAIT)).getBytes(), Map.class);
        assertEquals(Map.of("type", "stopped", "id", 7), stopped);
      }
    });
  }

  @Test
  void whatCantBeDispatchedIsAnsweredWithAnErrorAndTheConnectionStays() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/tasks"))) {
        ws.receive(WAIT); // hello
        ws.sendText("{\"type\":\"explode\"}");
        assertEquals("{\"type\":\"error\",\"error\":\"Unknown message type \\\"explode\\\"\"}", text(ws.receive(WAIT)));
        ws.sendText("not json at all");
        assertTrue(text(ws.receive(WAIT)).contains("Expected a JSON object with a string \\\"type\\\" field"));
        ws.sendText("[1,2,3]");
        assertTrue(text(ws.receive(WAIT)).contains("\"type\":\"error\""));
        ws.sendText("{\"type\":42}");
        assertTrue(text(ws.receive(WAIT)).contains("\"type\":\"error\""));
        ws.sendText("{\"type\":\"start\",\"name\":\"x\",\"total\":\"many\"}");
        String misfit = text(ws.receive(WAIT));
        assertTrue(misfit.contains("\"type\":\"error\"") && misfit.contains("total"), misfit);
        ws.sendText("{\"type\":\"stop\",\"id\":1}");
        assertTrue(text(ws.receive(WAIT)).contains("stopped"), "still dispatching after the errors");
      }
    });
  }

  @Test
  void binaryMessagesCloseWith1003() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      try (WebSocketClient ws = WebSocketClient.connect(ws(server, "/tasks"))) {
        ws.sendBinary(new byte[] {1});
        assertEquals(1003, ws.closed().get(5, java.util.concurrent.TimeUnit.SECONDS).code());
      }
    });
  }

  @Test
  void aTypeGetsOneHandler() {
    TypedHandler h = new TypedHandler().on("a", (ws, m) -> {});
    assertThrows(IllegalStateException.class, () -> h.on("a", (ws, m) -> {}));
  }
}
