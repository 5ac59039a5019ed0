package dev.eddy.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The wire format of a task, checked with a real JSON parser. */
class TaskJsonTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    return JSON.readValue(json, Map.class);
  }

  @Test
  void aRunningTaskHasEveryFieldAndNoResultOrError() {
    TaskInfo info = TaskInfo.queued("abc", "report", Instant.parse("2024-05-01T10:00:00Z"))
        .apply(new TaskUpdate.Queued(Instant.parse("2024-05-01T10:00:00Z")), 1)
        .apply(new TaskUpdate.Started(Instant.parse("2024-05-01T10:00:01.5Z")), 2)
        .apply(new TaskUpdate.Progress(3, 10, "Month \"3\"\n\u2028é"), 3);
    Map<String, Object> json = parse(info.toJson());
    assertEquals("abc", json.get("id"));
    assertEquals("report", json.get("kind"));
    assertEquals("running", json.get("state"));
    assertEquals(3, json.get("value"));
    assertEquals(10, json.get("total"));
    assertEquals("Month \"3\"\n\u2028é", json.get("message"));
    assertEquals("2024-05-01T10:00:00Z", json.get("createdAt"));
    assertEquals("2024-05-01T10:00:01.500Z", json.get("startedAt"));
    assertEquals(null, json.get("endedAt"));
    assertEquals(3, json.get("lastEventId"));
    assertEquals(false, json.containsKey("result"));
    assertEquals(false, json.containsKey("error"));
    assertEquals(10, json.size());
  }

  @Test
  void aFinishedTaskCarriesItsResultAsJsonOrItsError() {
    TaskInfo base = TaskInfo.queued("abc", "report", Instant.EPOCH);
    Map<String, Object> ok = parse(base.apply(new TaskUpdate.Ended(TaskState.SUCCEEDED, Instant.EPOCH, "{\"rows\":[1,2]}", null), 2).toJson());
    assertEquals(Map.of("rows", java.util.List.of(1, 2)), ok.get("result"));
    Map<String, Object> failed = parse(base.apply(new TaskUpdate.Ended(TaskState.FAILED, Instant.EPOCH, null,
        new TaskError("timeout", "timed out after 5 s")), 2).toJson());
    assertEquals(Map.of("code", "timeout", "message", "timed out after 5 s"), failed.get("error"));
    assertEquals("failed", failed.get("state"));
  }

  @Test
  void progressDataHasAMessageOnlyWhenGiven() {
    TaskInfo any = TaskInfo.queued("a", "k", Instant.EPOCH);
    assertEquals("{\"value\":1,\"total\":2}", new TaskUpdate.Progress(1, 2, null).data(any));
    assertEquals(Map.of("value", 1, "total", 2, "message", "tab\there"), parse(new TaskUpdate.Progress(1, 2, "tab\there").data(any)));
  }
}
