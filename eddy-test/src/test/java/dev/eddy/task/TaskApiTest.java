package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eddy.App;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP API: start, show, list, cancel, and every refusal with its status and reason. */
class TaskApiTest {
  record Sum(int a, int b) {}

  private final Tasks tasks = Tasks.create();
  private final CountDownLatch release = new CountDownLatch(1);

  TaskApiTest() {
    tasks.register(TaskKind.blocking("sum", Sum.class, (task, args) -> Map.of("sum", args.a() + args.b()))
        .validate(args -> {
          if (args.a() < 0) {
            throw new IllegalArgumentException("a must not be negative");
          }
        }));
    tasks.register(TaskKind.blocking("wait", Void.class, (task, none) -> {
      release.await();
      return "released";
    }).limit(1, 1));
  }

  @AfterEach
  void close() {
    release.countDown();
    tasks.close();
  }

  private App app() {
    return new App().use("/api/tasks", TaskApi.router(tasks));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> r) {
    return SseReader.JSON.readValue(r.body(), Map.class);
  }

  private static HttpResponse<String> delete(TestClient client, String path) throws Exception {
    return client.send(client.request(path).DELETE());
  }

  private static Map<String, Object> awaitState(TestClient client, String path, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (;;) {
      Map<String, Object> task = json(client.get(path));
      if (task.get("state").equals(state) || System.nanoTime() > deadline) {
        assertEquals(state, task.get("state"), "state of " + path);
        return task;
      }
      Thread.sleep(5);
    }
  }

  @Test
  void startingATaskAnswers202WithItsLocationAndTheTask() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = client.postJson("/api/tasks/sum", "{\"a\": 2, \"b\": 3}");
      assertEquals(202, r.statusCode());
      assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
      Map<String, Object> task = json(r);
      String id = (String) task.get("id");
      assertTrue(id.matches("[A-Za-z0-9_-]{20}"), "random and URL-safe: " + id);
      assertEquals("/api/tasks/" + id, r.headers().firstValue("Location").orElseThrow());
      assertEquals("sum", task.get("kind"));
      assertTrue(Set.of("queued", "running", "succeeded").contains(task.get("state")));
      assertTrue(task.containsKey("createdAt"));

      Map<String, Object> done = awaitState(client, "/api/tasks/" + id, "succeeded");
      assertEquals(Map.of("sum", 5), done.get("result"));
      assertTrue(done.get("endedAt") instanceof String);
    });
  }

  @Test
  void idsAreUnique() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      Set<Object> ids = new HashSet<>();
      for (int i = 0; i < 50; i++) {
        ids.add(json(client.postJson("/api/tasks/sum", "{\"a\":1,\"b\":1}")).get("id"));
      }
      assertEquals(50, ids.size());
    });
  }

  @Test
  void badStartsAreRefusedWithAStatusAndAReason() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> unknown = client.postJson("/api/tasks/nope", "{}");
      assertEquals(404, unknown.statusCode());
      assertEquals("No task kind 'nope'\n", unknown.body());

      HttpResponse<String> malformed = client.postJson("/api/tasks/sum", "{\"a\": 2,");
      assertEquals(400, malformed.statusCode());
      assertTrue(malformed.body().startsWith("Malformed JSON"), malformed.body());

      HttpResponse<String> wrongType = client.postJson("/api/tasks/sum", "{\"a\": \"two\", \"b\": 3}");
      assertEquals(400, wrongType.statusCode());
      assertTrue(wrongType.body().contains("Sum") && wrongType.body().contains("a"), wrongType.body());

      HttpResponse<String> invalid = client.postJson("/api/tasks/sum", "{\"a\": -1, \"b\": 3}");
      assertEquals(400, invalid.statusCode());
      assertEquals("a must not be negative\n", invalid.body());

      HttpResponse<String> missing = client.postJson("/api/tasks/sum", "");
      assertEquals(400, missing.statusCode());
      assertEquals("Task kind 'sum' needs JSON arguments (Sum)\n", missing.body());

      HttpResponse<String> notJson = client.post("/api/tasks/sum", "a=1", "application/x-www-form-urlencoded");
      assertEquals(415, notJson.statusCode());

      HttpResponse<String> noArgs = client.postJson("/api/tasks/wait", "{\"x\": 1}");
      assertEquals(400, noArgs.statusCode());
      assertEquals("Task kind 'wait' takes no arguments\n", noArgs.body());

      assertEquals(0, tasks.list(TaskQuery.all()).tasks().size(), "no refused start created a task");
    });
  }

  @Test
  void unknownIdsAre404() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      assertEquals(404, client.get("/api/tasks/AAAAAAAAAAAAAAAAAAAA").statusCode());
      assertEquals(404, delete(client, "/api/tasks/AAAAAAAAAAAAAAAAAAAA").statusCode());
      assertEquals(404, client.get("/api/tasks/AAAAAAAAAAAAAAAAAAAA/events").statusCode());
      HttpResponse<String> asJson = client.send(client.request("/api/tasks/nope").header("Accept", "application/json"));
      assertEquals(Map.of("status", 404, "error", "No task 'nope'"), json(asJson));
    });
  }

  @Test
  void deleteCancelsARunningOrQueuedTaskAnd409sAFinishedOne() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      String running = (String) json(client.postJson("/api/tasks/wait", "")).get("id");
      String queued = (String) json(client.postJson("/api/tasks/wait", "")).get("id");
      awaitState(client, "/api/tasks/" + running, "running");
      assertEquals("queued", json(client.get("/api/tasks/" + queued)).get("state"));

      HttpResponse<String> cancelQueued = delete(client, "/api/tasks/" + queued);
      assertEquals(200, cancelQueued.statusCode());
      assertEquals("cancelled", json(cancelQueued).get("state"));
      assertNull(json(cancelQueued).get("startedAt"));

      HttpResponse<String> cancelRunning = delete(client, "/api/tasks/" + running);
      assertEquals(200, cancelRunning.statusCode());
      Map<String, Object> cancelled = json(cancelRunning);
      assertEquals("cancelled", cancelled.get("state"));
      assertEquals(Map.of("code", "cancelled", "message", "cancelled: cancelled by request"), cancelled.get("error"));

      HttpResponse<String> again = delete(client, "/api/tasks/" + running);
      assertEquals(409, again.statusCode());
      assertEquals("Task " + running + " has already finished: cancelled\n", again.body());
    });
  }

  @Test
  void aFullQueueAnswers429WithTheReason() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      assertEquals(202, client.postJson("/api/tasks/wait", "").statusCode());
      assertEquals(202, client.postJson("/api/tasks/wait", "").statusCode());
      HttpResponse<String> full = client.postJson("/api/tasks/wait", "");
      assertEquals(429, full.statusCode());
      assertEquals("1", full.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(full.body().startsWith("Task kind 'wait' is at its limit: 1 running, 1 waiting"), full.body());
    });
  }

  @Test
  void aClosedManagerAnswers503() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      tasks.close();
      assertEquals(503, client.postJson("/api/tasks/sum", "{\"a\":1,\"b\":1}").statusCode());
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void theListFiltersByKindAndStateAndPagesNewestFirst() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      List<String> sums = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String id = (String) json(client.postJson("/api/tasks/sum", "{\"a\":" + i + ",\"b\":0}")).get("id");
        awaitState(client, "/api/tasks/" + id, "succeeded");
        sums.add(0, id); // newest first
      }
      String waiting = (String) json(client.postJson("/api/tasks/wait", "")).get("id");
      awaitState(client, "/api/tasks/" + waiting, "running");

      Map<String, Object> all = json(client.get("/api/tasks"));
      assertEquals(6, ((List<?>) all.get("tasks")).size());
      assertNull(all.get("next"));
      assertEquals(waiting, ((Map<String, Object>) ((List<?>) all.get("tasks")).get(0)).get("id"));

      assertEquals(List.of(waiting), ids(json(client.get("/api/tasks?state=running"))));
      assertEquals(List.of(waiting), ids(json(client.get("/api/tasks?kind=wait"))));
      assertEquals(6, ids(json(client.get("/api/tasks/?state=running,succeeded"))).size(), "a trailing slash too");
      assertEquals(6, ids(json(client.get("/api/tasks?state=running&state=succeeded"))).size());

      List<String> paged = new ArrayList<>();
      String path = "/api/tasks?kind=sum&limit=2";
      for (int pages = 1; ; pages++) {
        Map<String, Object> page = json(client.get(path));
        paged.addAll(ids(page));
        if (page.get("next") == null) {
          assertEquals(3, pages);
          break;
        }
        path = "/api/tasks?kind=sum&limit=2&cursor=" + page.get("next");
      }
      assertEquals(sums, paged, "every page in order, none twice");

      assertEquals(400, client.get("/api/tasks?state=sleeping").statusCode());
      assertEquals(400, client.get("/api/tasks?limit=0").statusCode());
      assertEquals(400, client.get("/api/tasks?limit=many").statusCode());
      assertEquals(400, client.get("/api/tasks?limit=1001").statusCode());
      assertEquals(400, client.get("/api/tasks?cursor=abc").statusCode());
    });
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("tasks")).stream().map(t -> (String) t.get("id")).toList();
  }

  @Test
  void theRouterMountsUnderAnyPrefix() throws Exception {
    App app = new App().use("/jobs", TaskApi.router(tasks));
    EddyTest.run(app, (server, client) -> {
      HttpResponse<String> r = client.postJson("/jobs/sum", "{\"a\":1,\"b\":2}");
      assertEquals(202, r.statusCode());
      String location = r.headers().firstValue("Location").orElseThrow();
      assertTrue(location.startsWith("/jobs/"), location);
      assertEquals(200, client.get(location).statusCode());
      assertEquals(200, client.send(client.request("/jobs").GET()).statusCode());
    });
  }

  @Test
  void aBodyWithACharsetIsStillJson() throws Exception {
    EddyTest.run(app(), (server, client) -> {
      HttpResponse<String> r = client.send(client.request("/api/tasks/sum")
          .header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1,\"b\":2}")));
      assertEquals(202, r.statusCode());
    });
  }
}
