package dev.eddy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eddy.App;
import dev.eddy.client.SseClient;
import dev.eddy.client.SseEvent;
import dev.eddy.redis.RedisServer;
import dev.eddy.test.EddyTest;
import dev.eddy.test.TestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gallery instances on one Redis, as {@code ./eddy cluster} runs them (each built as
 * {@code REDIS_URL} would build it): a countdown started through one instance's API is live in the
 * other's dashboard feed and is cancelled through the other's API, which is what the dashboard's
 * cancel button calls ({@link ClusterDashboardBrowserTest} clicks it).
 */
class GalleryClusterTest {
  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  /** A gallery instance on the test's Redis; stopping it closes its connection. */
  static App instance() {
    return Gallery.create(Backends.at(redis.url()));
  }

  /** Starts a countdown of {@code seconds} through {@code client}'s instance; its id. */
  @SuppressWarnings("unchecked")
  static String startCountdown(TestClient client, int seconds) throws Exception {
    HttpResponse<String> r = client.postJson("/api/tasks/countdown", "{\"seconds\": " + seconds + "}");
    assertEquals(202, r.statusCode(), r.body());
    return (String) JSON.readValue(r.body(), Map.class).get("id");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> task(TestClient client, String id) throws Exception {
    HttpResponse<String> r = client.get("/api/tasks/" + id);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readValue(r.body(), Map.class);
  }

  @Test
  void aCountdownStartedOnOneInstanceIsLiveInTheOthersDashboardFeedAndCancelledThroughIt() throws Exception {
    EddyTest.run(instance(), (serverA, clientA) -> EddyTest.run(instance(), (serverB, clientB) -> {
      HttpResponse<String> page = clientB.get("/tasks/");
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("data-api=\"/api/tasks\""), "the dashboard on B reads B's API");
      try (SseClient feed = SseClient.builder(serverB.uri("/api/tasks/events")).reconnectDelay(Duration.ofMillis(100))
          .connect()) {
        assertEquals("snapshot", next(feed).event());
        String id = startCountdown(clientA, 60);
        Map<String, Object> live = until(feed, id, t -> ((Number) t.get("value")).intValue() >= 3);
        assertEquals("countdown", live.get("kind"));
        assertEquals("running", live.get("state"));
        assertTrue(((String) live.get("message")).endsWith(" s left"), (String) live.get("message"));

        HttpResponse<String> cancelled = clientB.send(clientB.request("/api/tasks/" + id).DELETE());
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        until(feed, id, t -> "cancelled".equals(t.get("state")));
        Map<String, Object> onA = task(clientA, id);
        assertEquals("cancelled", onA.get("state"), "A, which ran it, stopped it");
        Thread.sleep(300); // three steps' time: A reports no step after the cancel
        assertEquals(onA.get("value"), task(clientA, id).get("value"));
      }
    }));
  }

  private static SseEvent next(SseClient feed) throws InterruptedException {
    SseEvent e = feed.next(PATIENCE);
    assertNotNull(e, "no event within " + PATIENCE);
    return e;
  }

  /** Reads the feed until task {@code id}'s newest state matches {@code state}; returns it. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> until(SseClient feed, String id, Predicate<Map<String, Object>> state)
      throws InterruptedException {
    Map<String, Map<String, Object>> latest = new HashMap<>();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      SseEvent e = feed.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (e == null) {
        break;
      }
      for (Map<String, Object> t : (List<Map<String, Object>>) JSON.readValue(e.data(), Map.class).get("tasks")) {
        latest.merge((String) t.get("id"), t, (x, y) -> ((Number) y.get("lastEventId")).longValue()
            > ((Number) x.get("lastEventId")).longValue() ? y : x);
      }
      Map<String, Object> t = latest.get(id);
      if (t != null && state.test(t)) {
        return t;
      }
    }
    fail("task " + id + " did not reach the expected state in the feed within " + PATIENCE + ": " + latest.get(id));
    return null;
  }
}
