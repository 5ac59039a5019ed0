package dev.eddy.task;

import dev.eddy.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * TaskSocketMessages writes what a {@link TaskSocket} sends. Task events become one message each,
 * typed by the event's type and carrying the task's {@code id} and the {@code eventId}; replies to
 * requests echo the request's {@code ref}. Event data is JSON text already, so it is embedded as
 * it is, except in final events, whose {@code result} or {@code error} is lifted to the top.
 */
final class TaskSocketMessages {
  private TaskSocketMessages() {}

  /**
   * One task event as a message:
   *
   * <ul>
   *   <li>{@code progress}: {@code {"type":"progress","id","eventId","value","total","message"?}};
   *   <li>{@code queued}, {@code running}: {@code {"type","id","eventId","task"}};
   *   <li>final: {@code {"type","id","eventId","result"|"error","task"}};
   *   <li>custom: {@code {"type","id","eventId","data"}}.
   * </ul>
   */
  static String event(String taskId, TaskEvent e, JsonCodec json) {
    if (e.isFinal()) {
      return finalEvent(taskId, e, json);
    }
    StringBuilder out = head(e.type(), taskId);
    JsonText.field(out, "eventId").append(e.id());
    if (e.isProgress()) {
      String data = e.data().strip(); // an object: {"value":..,"total":..}
      String fields = data.substring(1, data.length() - 1).strip();
      return fields.isEmpty() ? out.append('}').toString() : out.append(',').append(fields).append('}').toString();
    }
    JsonText.field(out, e.isStateChange() ? "task" : "data").append(e.data());
    return out.append('}').toString();
  }

  private static String finalEvent(String taskId, TaskEvent e, JsonCodec json) {
    Map<?, ?> task = json.decode(e.data().getBytes(StandardCharsets.UTF_8), Map.class);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", e.type());
    out.put("id", taskId);
    out.put("eventId", e.id());
    if (e.type().equals(TaskEvent.SUCCEEDED)) {
      out.put("result", task.get("result"));
    } else {
      out.put("error", task.get("error"));
    }
    out.put("task", task);
    return new String(json.encode(out), StandardCharsets.UTF_8);
  }

  /** {@code {"type":"ready","kinds":[...]}}: the first message on every connection. */
  static String ready(Iterable<String> kinds) {
    StringBuilder out = new StringBuilder("{\"type\":\"ready\",\"kinds\":[");
    boolean first = true;
    for (String kind : kinds) {
      JsonText.string(first ? out : out.append(','), kind);
      first = false;
    }
    return out.append("]}").toString();
  }

  /** {@code {"type":"started","id","bound","task","ref"?}}; the task is null if already forgotten. */
  static String started(String taskId, TaskInfo task, boolean bound, String ref) {
    StringBuilder out = head("started", taskId);
    JsonText.field(out, "bound").append(bound);
    JsonText.field(out, "task").append(task == null ? "null" : task.toJson());
    return withRef(out, ref);
  }

  /**
   * {@code {"type":"watching","id","resume","task","ref"?}}: resume is {@code complete},
   * {@code gap} or {@code unknown} ({@link TaskWatch.Resume}); the task is null if forgotten.
   */
  static String watching(String taskId, TaskInfo task, TaskWatch.Resume resume, String ref) {
    StringBuilder out = head("watching", taskId);
    JsonText.string(JsonText.field(out, "resume"), resume.name().toLowerCase(Locale.ROOT));
    JsonText.field(out, "task").append(task == null ? "null" : task.toJson());
    return withRef(out, ref);
  }

  /** {@code {"type":"unwatched","id","ref"?}} or {@code {"type":"cancelling","id","ref"?}}. */
  static String ack(String type, String taskId, String ref) {
    return withRef(head(type, taskId), ref);
  }

  /** {@code {"type":"error","code","error","id"?,"ref"?}}; code mirrors the HTTP API's status. */
  static String error(int code, String message, String taskId, String ref) {
    StringBuilder out = new StringBuilder(96 + message.length()).append("{\"type\":\"error\"");
    JsonText.field(out, "code").append(code);
    JsonText.string(JsonText.field(out, "error"), message);
    if (taskId != null) {
      JsonText.string(JsonText.field(out, "id"), taskId);
    }
    return withRef(out, ref);
  }

  private static StringBuilder head(String type, String taskId) {
    StringBuilder out = new StringBuilder(128).append('{');
    JsonText.string(JsonText.field(out, "type"), type);
    JsonText.string(JsonText.field(out, "id"), taskId);
    return out;
  }

  /** Appends {@code "ref":<ref>} (JSON text already) when there is one, and closes the object. */
  private static String withRef(StringBuilder out, String ref) {
    if (ref != null) {
      JsonText.field(out, "ref").append(ref);
    }
    return out.append('}').toString();
  }
}
