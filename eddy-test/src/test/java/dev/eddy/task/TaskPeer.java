package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.eddy.client.WebSocketClient;
import dev.eddy.client.WsMessage;
import dev.eddy.test.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * TaskPeer is a test's end of a {@link TaskSocket}: the JDK's WebSocket client with JSON messages
 * in and out, every wait bounded.
 */
final class TaskPeer implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);

  final WebSocketClient ws;

  private TaskPeer(WebSocketClient ws) {
    this.ws = ws;
  }

  /** Connects and takes the {@code ready} greeting. */
  static TaskPeer open(TestServer server, String path) throws Exception {
    return open(server, path, 256);
  }

  /** Connects with a receive queue of {@code queue} messages (reading pauses when it is full). */
  static TaskPeer open(TestServer server, String path, int queue) throws Exception {
    URI uri = URI.create("ws://127.0.0.1:" + server.port() + path);
    TaskPeer peer = new TaskPeer(WebSocketClient.builder(uri).queueCapacity(queue).maxMessageBytes(4 << 20).connect());
    assertEquals("ready", peer.next().get("type"));
    return peer;
  }

  /** Sends {@code {"type": type, key: value, ...}}. */
  TaskPeer send(String type, Object... fields) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    for (int i = 0; i < fields.length; i += 2) {
      m.put((String) fields[i], fields[i + 1]);
    }
    ws.sendJson(m).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    return this;
  }

  /** The next message, decoded; fails if none comes within {@link #WAIT}. */
  @SuppressWarnings("unchecked")
  Map<String, Object> next() throws InterruptedException {
    WsMessage m = ws.receive(WAIT);
    assertNotNull(m, "no message within " + WAIT);
    return SseReader.JSON.readValue(assertInstanceOf(WsMessage.Text.class, m).text(), Map.class);
  }

  /** The next message, which must be of {@code type}. */
  Map<String, Object> next(String type) throws InterruptedException {
    Map<String, Object> m = next();
    assertEquals(type, m.get("type"), "expected a " + type + " message, got " + m);
    return m;
  }

  /** The next message that is not a task event (those carry an event id): a reply. */
  Map<String, Object> nextReply() throws InterruptedException {
    Map<String, Object> m = next();
    while (m.containsKey("eventId")) {
      m = next();
    }
    return m;
  }

  /** Messages up to and including the first of {@code type}. */
  List<Map<String, Object>> until(String type) throws InterruptedException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (;;) {
      Map<String, Object> m = next();
      out.add(m);
      if (type.equals(m.get("type"))) {
        return out;
      }
    }
  }

  /** Messages up to and including the final event of task {@code id}. */
  List<Map<String, Object>> untilFinal(String id) throws InterruptedException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (;;) {
      Map<String, Object> m = next();
      out.add(m);
      if (id.equals(m.get("id")) && m.containsKey("eventId") && isFinal(m)) {
        return out;
      }
    }
  }

  /** Asserts that nothing arrives for {@code quiet}. */
  void expectNothing(Duration quiet) throws InterruptedException {
    WsMessage m = ws.receive(quiet);
    if (m != null) {
      throw new AssertionError("expected no message, got " + ((WsMessage.Text) m).text());
    }
  }

  static boolean isFinal(Map<String, Object> m) {
    Object type = m.get("type");
    return "succeeded".equals(type) || "failed".equals(type) || "cancelled".equals(type);
  }

  static List<Object> types(List<Map<String, Object>> messages) {
    return messages.stream().map(m -> m.get("type")).toList();
  }

  static long eventId(Map<String, Object> m) {
    return ((Number) m.get("eventId")).longValue();
  }

  @Override
  public void close() {
    ws.close();
  }
}
