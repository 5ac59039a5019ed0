package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.client.WebSocketClient;
import dev.eddy.client.WsMessage;
import dev.eddy.task.TaskState;
import dev.eddy.task.Tasks;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The progress demo's protocol with a real WebSocket client: plain-text and JSON start and stop,
 * both task styles, the end of a task, a stop, a second start, re-attaching from a new socket,
 * the delay, and what it refuses.
 */
class ProgressDemoTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Tasks tasks = Tasks.create();

  @AfterEach
  void close() {
    tasks.close();
  }

  private App app(Duration delay) {
    App app = new App();
    ProgressDemo.register(app, tasks, delay);
    return app;
  }

  /** Peer is the test's socket: raw texts in order, every wait bounded. */
  private record Peer(WebSocketClient ws) implements AutoCloseable {
    static Peer open(TestServer server, String query) throws Exception {
      return new Peer(WebSocketClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/progress/ws" + query)));
    }

    Peer send(String text) {
      ws.sendText(text).orTimeout(10, TimeUnit.SECONDS).join();
      return this;
    }

    String nextText() throws InterruptedException {
      WsMessage m = ws.receive(WAIT);
      assertNotNull(m, "no message within " + WAIT);
      return ((WsMessage.Text) m).text();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> next() throws InterruptedException {
      return JSON.readValue(nextText(), Map.class);
    }

    Map<String, Object> next(String type) throws InterruptedException {
      Map<String, Object> m = next();
      assertEquals(type, m.get("type"), m.toString());
      return m;
    }

    /** Progress values up to the first message that is not progress, which is returned last. */
    Map<String, Object> skipProgress(List<Integer> values) throws InterruptedException {
      for (;;) {
        Map<String, Object> m = next();
        if (!"progress".equals(m.get("type"))) {
          return m;
        }
        assertEquals(ProgressDemo.TOTAL, m.get("total"));
        values.add((Integer) m.get("value"));
      }
    }

    void expectNothing(Duration quiet) throws InterruptedException {
      WsMessage m = ws.receive(quiet);
      if (m != null) {
        throw new AssertionError("expected nothing, got " + ((WsMessage.Text) m).text());
      }
    }

    @Override
    public void close() {
      ws.close();
    }
  }

  @Test
  void plainTextStartCountsTo150AndEndsWithDoneInBothModes() throws Exception {
    EddyTest.run(app(Duration.ofMillis(1)), (server, client) -> {
      for (String mode : List.of("async", "blocking")) {
        try (Peer peer = Peer.open(server, "?mode=" + mode)) {
          peer.send("start");
          Map<String, Object> started = peer.next("started");
          assertEquals(mode, started.get("mode"));
          String id = (String) started.get("id");
          String first = peer.nextText(); // value 1, or a later one that replaced it in the log before the watch began
          assertTrue(first.matches("\\{\"type\":\"progress\",\"value\":\\d+,\"total\":150}"), "the seed's message, as is: " + first);
          List<Integer> values = new java.util.ArrayList<>();
          assertEquals(Map.of("type", "done"), peer.skipProgress(values));
          assertEquals(150, values.getLast(), mode);
          for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) > values.get(i - 1), "the bar only moves forward: " + values);
          }
          assertEquals(TaskState.SUCCEEDED, tasks.get(id).orElseThrow().state());
          assertEquals(mode.equals("async") ? ProgressDemo.ASYNC : ProgressDemo.BLOCKING, tasks.get(id).orElseThrow().kind());
        }
      }
    });
  }

  @Test
  void theDefaultModeIsAsync() throws Exception {
    EddyTest.run(app(Duration.ofMillis(1)), (server, client) -> {
      try (Peer peer = Peer.open(server, "")) {
        peer.send("{\"type\":\"start\"}");
        assertEquals("async", peer.next("started").get("mode"));
      }
    });
  }

  @Test
  void stopAsTextOrJsonCancelsTheTaskInBothModesAndNothingFollows() throws Exception {
    EddyTest.run(app(Duration.ofMillis(20)), (server, client) -> {
      for (String mode : List.of("async", "blocking")) {
        for (String[] commands : List.of(new String[] {"start", "stop"}, new String[] {"{\"type\":\"start\"}", "{\"type\":\"stop\"}"})) {
          try (Peer peer = Peer.open(server, "?mode=" + mode)) {
            peer.send(commands[0]);
            String id = (String) peer.next("started").get("id");
            peer.next("progress");
            peer.next("progress");
            peer.send(commands[1]);
            List<Integer> values = new java.util.ArrayList<>();
            assertEquals(Map.of("type", "cancelled"), peer.skipProgress(values), mode + " " + commands[1]);
            assertTrue(values.isEmpty() || values.getLast() < 150, "stopped before the end");
            peer.expectNothing(Duration.ofMillis(150)); // stopped, and stays stopped
            assertEquals(TaskState.CANCELLED, tasks.get(id).orElseThrow().state());
          }
        }
      }
    });
  }

  @Test
  void aSecondStartWhileOneRunsIsRefusedAndAStopWithNothingRunningToo() throws Exception {
    EddyTest.run(app(Duration.ofMillis(20)), (server, client) -> {
      try (Peer peer = Peer.open(server, "?mode=blocking")) {
        peer.send("stop");
        assertEquals(Map.of("type", "error", "error", "No task is running"), peer.next());
        peer.send("start");
        String id = (String) peer.next("started").get("id");
        peer.send("start");
        List<Integer> values = new java.util.ArrayList<>();
        assertEquals(Map.of("type", "error", "error", "A task is already running; stop it first"), peer.skipProgress(values));
        assertEquals(1, tasks.list(dev.eddy.task.TaskQuery.all()).tasks().size(), "no second task");
        peer.send("stop");
        assertEquals("cancelled", peer.skipProgress(values).get("type"));
        peer.send("start");
        assertTrue(!id.equals(peer.next("started").get("id")), "once stopped, start starts a new task");
      }
    });
  }

  @Test
  void aNewSocketReattachesToTheRunningTaskWhichGoesOnAndStopsWhenAsked() throws Exception {
    EddyTest.run(app(Duration.ofMillis(20)), (server, client) -> {
      for (String mode : List.of("async", "blocking")) {
        String id;
        int before;
        try (Peer first = Peer.open(server, "?mode=" + mode)) {
          first.send("start");
          id = (String) first.next("started").get("id");
          first.next("progress");
          before = (Integer) first.next("progress").get("value");
        } // like a reload: the socket goes, the task does not
        Thread.sleep(60);
        assertEquals(TaskState.RUNNING, tasks.get(id).orElseThrow().state(), "the task outlives its socket");
        try (Peer second = Peer.open(server, "?mode=async")) {
          second.send("{\"type\":\"attach\",\"id\":\"" + id + "\"}");
          assertEquals(Map.of("type", "attached", "id", id, "mode", mode), second.next());
          int after = (Integer) second.next("progress").get("value");
          assertTrue(after >= before, "the bar continues: " + before + " then " + after);
          second.send("start");
          assertEquals("error", second.skipProgress(new java.util.ArrayList<>()).get("type"), "the attached task counts as running");
          second.send("stop");
          assertEquals("cancelled", second.skipProgress(new java.util.ArrayList<>()).get("type"));
        }
        assertEquals(TaskState.CANCELLED, tasks.get(id).orElseThrow().state());
      }
    });
  }

  @Test
  void attachingToAFinishedTaskTellsItsEnd() throws Exception {
    EddyTest.run(app(Duration.ofMillis(1)), (server, client) -> {
      String id;
      try (Peer peer = Peer.open(server, "")) {
        peer.send("start");
        id = (String) peer.next("started").get("id");
        assertEquals("done", peer.skipProgress(new java.util.ArrayList<>()).get("type"));
      }
      try (Peer peer = Peer.open(server, "")) {
        peer.send("{\"type\":\"attach\",\"id\":\"" + id + "\"}");
        peer.next("attached");
        List<Integer> values = new java.util.ArrayList<>();
        assertEquals("done", peer.skipProgress(values).get("type"));
        assertEquals(List.of(150), values, "the latest progress, then the end");
      }
    });
  }

  @Test
  void theDelayPacesTheStepsAndAStopDoesNotWaitForIt() throws Exception {
    EddyTest.run(app(Duration.ofSeconds(30)), (server, client) -> {
      for (String mode : List.of("async", "blocking")) {
        try (Peer peer = Peer.open(server, "?mode=" + mode)) {
          peer.send("start");
          peer.next("started");
          assertEquals(1, peer.next("progress").get("value"));
          peer.expectNothing(Duration.ofMillis(300)); // the next step is 30 s away
          peer.send("stop");
          assertEquals(Map.of("type", "cancelled"), peer.next(), mode + ": the stop reaches a task in its delay at once");
        }
      }
    });
  }

  @Test
  void whatItDoesNotUnderstandIsAnsweredWithAnErrorAndABadModeIsRefused() throws Exception {
    EddyTest.run(app(Duration.ofMillis(1)), (server, client) -> {
      try (Peer peer = Peer.open(server, "")) {
        for (String bad : List.of("go", "{\"type\":\"launch\"}", "{not json", "{\"type\":\"attach\"}", "[1]")) {
          peer.send(bad);
          assertEquals("error", peer.next().get("type"), bad);
        }
        peer.send("{\"type\":\"attach\",\"id\":\"nope\"}");
        Map<String, Object> unknown = peer.next("error");
        assertTrue(((String) unknown.get("error")).startsWith("No task nope"), unknown.toString());
      }
      try (Peer peer = Peer.open(server, "?mode=fast")) {
        WebSocketClient.CloseStatus closed = peer.ws().closed().get(10, TimeUnit.SECONDS);
        assertEquals(1008, closed.code());
        assertEquals("mode must be async or blocking", closed.reason());
      }
    });
  }

  @Test
  void theGalleryServesThePageAndItsScriptAndLinksIt() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      var page = client.get("/progress/");
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("<script type=\"module\" src=\"/progress/progress.js\"></script>"));
      assertTrue(page.body().contains("id=\"bar\"") && page.body().contains("id=\"start\"") && page.body().contains("id=\"stop\""));
      var script = client.get("/progress/progress.js");
      assertEquals(200, script.statusCode());
      assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElseThrow());
      assertTrue(script.body().contains("ws.sendRaw('start')"), "the seed's plain-text commands");
      assertEquals(301, client.send(client.request("/progress")).statusCode());
      assertTrue(client.get("/").body().contains("href=\"/progress/\""));
    });
  }
}
