package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.task.TaskRejectedException;
import dev.eddy.task.Tasks;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The gallery's countdown kind through the task API at /api/tasks: start, progress, end, refusals, cancel. */
class CountdownDemoTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> r) {
    return JSON.readValue(r.body(), Map.class);
  }

  private static Map<String, Object> task(TestClient client, String id) throws Exception {
    HttpResponse<String> r = client.get("/api/tasks/" + id);
    assertEquals(200, r.statusCode(), r.body());
    return json(r);
  }

  /** Polls the task until {@code done} holds; fails after 10 seconds. */
  private static Map<String, Object> awaitTask(TestClient client, String id, java.util.function.Predicate<Map<String, Object>> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (;;) {
      Map<String, Object> t = task(client, id);
      if (done.test(t)) {
        return t;
      }
      assertTrue(System.nanoTime() < deadline, "task " + id + " is still " + t);
      Thread.sleep(20);
    }
  }

  @Test
  void aCountdownStartsReportsTenStepsASecondAndSucceeds() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      HttpResponse<String> started = client.postJson("/api/tasks/countdown", "{\"seconds\": 1}");
      assertEquals(202, started.statusCode(), started.body());
      Map<String, Object> t = json(started);
      String id = (String) t.get("id");
      assertEquals("countdown", t.get("kind"));
      assertEquals("/api/tasks/" + id, started.headers().firstValue("Location").orElseThrow());

      Map<String, Object> midway = awaitTask(client, id, x -> ((Number) x.get("value")).intValue() > 0);
      assertEquals(10, midway.get("total"), "one step every 100 ms: 10 for a second");
      assertTrue(((String) midway.get("message")).endsWith(" s left"), (String) midway.get("message"));

      Map<String, Object> done = awaitTask(client, id, x -> !x.get("state").equals("running") && !x.get("state").equals("queued"));
      assertEquals("succeeded", done.get("state"));
      assertEquals(10, done.get("value"));
      assertEquals("0.0 s left", done.get("message"));
      assertEquals(Map.of("seconds", 1), done.get("result"));
    });
  }

  @Test
  void secondsOutsideOneToAnHourOrNotANumberAre400() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      for (String args : new String[] {"{\"seconds\": 0}", "{\"seconds\": 3601}", "{\"seconds\": -5}", "{}",
          "{\"seconds\": \"ten\"}", "{\"seconds\": 1.5}", "{\"seconds\": 1e3}", "{\"seconds\": 4294967297}",
          "{\"seconds\": null}", "[]", ""}) {
        HttpResponse<String> r = client.postJson("/api/tasks/countdown", args);
        assertEquals(400, r.statusCode(), args + " -> " + r.body());
      }
      assertTrue(client.postJson("/api/tasks/countdown", "{\"seconds\": 0}").body().contains("seconds must be a whole number from 1 to 3600, got 0"));
      assertEquals(202, client.postJson("/api/tasks/countdown", "{\"seconds\": 3600}").statusCode(), "an hour is allowed");
    });
  }

  @Test
  void aRunningCountdownIsCancelledWithDelete() throws Exception {
    EddyTest.run(Gallery.create(), (server, client) -> {
      String id = (String) json(client.postJson("/api/tasks/countdown", "{\"seconds\": 60}")).get("id");
      awaitTask(client, id, x -> ((Number) x.get("value")).intValue() > 0);
      HttpResponse<String> cancelled = client.send(client.request("/api/tasks/" + id).DELETE());
      assertEquals(200, cancelled.statusCode(), cancelled.body());
      assertEquals("cancelled", json(cancelled).get("state"));
      Thread.sleep(300); // three steps' time: it stays cancelled
      Map<String, Object> after = task(client, id);
      assertEquals("cancelled", after.get("state"));
      assertEquals(json(cancelled).get("value"), after.get("value"), "no step after the cancel");
    });
  }

  @Test
  void stoppingTheAppCancelsRunningCountdownsAndClosesTheManager() throws Exception {
    Tasks tasks = Tasks.create();
    Map<String, String> finalStates = new ConcurrentHashMap<>();
    tasks.listen((info, event) -> {
      if (event.isFinal()) {
        finalStates.put(info.id(), info.state().wireName());
      }
    });
    String[] id = new String[1];
    EddyTest.run(Gallery.create(tasks), (server, client) -> {
      id[0] = (String) json(client.postJson("/api/tasks/countdown", "{\"seconds\": 600}")).get("id");
      awaitTask(client, id[0], x -> x.get("state").equals("running"));
    });
    assertEquals(Map.of(id[0], "cancelled"), finalStates, "the app's stop closed the manager, which cancelled the task");
    assertThrows(TaskRejectedException.class, () -> tasks.start("countdown", new CountdownDemo.Countdown(1)));
  }
}
