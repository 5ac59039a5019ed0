package dev.eddy.redis.internal;

import dev.eddy.task.TaskError;
import dev.eddy.task.TaskInfo;
import dev.eddy.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TaskHash maps a {@link TaskInfo} to the fields of its Redis hash and back. Times are epoch
 * milliseconds; a null value has no field (a snapshot never goes from a value back to null, so
 * fields are only ever added or replaced).
 */
public final class TaskHash {
  private TaskHash() {}

  /** The snapshot's fields, as alternating names and values for HSET. */
  public static List<String> fields(TaskInfo t) {
    List<String> out = new ArrayList<>(24);
    add(out, "kind", t.kind());
    add(out, "state", t.state().wireName());
    add(out, "value", Long.toString(t.value()));
    add(out, "total", Long.toString(t.total()));
    add(out, "message", t.message());
    add(out, "createdAt", millis(t.createdAt()));
    add(out, "startedAt", millis(t.startedAt()));
    add(out, "endedAt", millis(t.endedAt()));
    add(out, "result", t.result());
    if (t.error() != null) {
      add(out, "errorCode", t.error().code());
      add(out, "errorMessage", t.error().message());
    }
    return out;
  }

  /** The snapshot in a hash's fields; null if they are not a task's (missing or foreign). */
  public static TaskInfo info(String id, Map<String, String> f) {
    if (f == null || !f.containsKey("kind") || !f.containsKey("state") || !f.containsKey("last")) {
      return null;
    }
    TaskError error = f.containsKey("errorCode") ? new TaskError(f.get("errorCode"), f.getOrDefault("errorMessage", "")) : null;
    return new TaskInfo(id, f.get("kind"), TaskState.parse(f.get("state")), Long.parseLong(f.getOrDefault("value", "0")),
        Long.parseLong(f.getOrDefault("total", "0")), f.get("message"), instant(f.get("createdAt")),
        instant(f.get("startedAt")), instant(f.get("endedAt")), f.get("result"), error, Long.parseLong(f.get("last")));
  }

  private static void add(List<String> out, String name, String value) {
    if (value != null) {
      out.add(name);
      out.add(value);
    }
  }

  private static String millis(Instant at) {
    return at == null ? null : Long.toString(at.toEpochMilli());
  }

  private static Instant instant(String millis) {
    return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
  }
}
