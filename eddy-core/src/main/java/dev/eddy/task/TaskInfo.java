package dev.eddy.task;

import java.time.Instant;
import java.util.Objects;

/**
 * TaskInfo is a snapshot of one task: what the HTTP API answers and what {@link Task#info()}
 * returns. Immutable; a store derives each new snapshot from the last one with {@link #apply}.
 *
 * @param id the task's id: random, URL-safe, hard to guess
 * @param kind the name of its {@link TaskKind}
 * @param state where it is; see {@link TaskState}
 * @param value the latest progress value (0 until the body reports progress)
 * @param total the latest progress total (0: unknown)
 * @param message the latest progress message, or null
 * @param createdAt when it was started (and queued)
 * @param startedAt when its body started running, or null
 * @param endedAt when it finished, or null
 * @param result the body's return value as JSON text, when it succeeded; else null
 * @param error why it failed or was cancelled; else null
 * @param lastEventId the id of the newest event in its log; watch after it for what comes next
 */
public record TaskInfo(
    String id,
    String kind,
    TaskState state,
    long value,
    long total,
    String message,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    String result,
    TaskError error,
    long lastEventId) {

  public TaskInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A new task, queued, before its first event. */
  public static TaskInfo queued(String id, String kind, Instant createdAt) {
    return new TaskInfo(id, kind, TaskState.QUEUED, 0, 0, null, createdAt, null, null, null, null, 0);
  }

  /** Whether the task has finished (succeeded, failed or cancelled). */
  public boolean isFinished() {
    return state.isFinished();
  }

  /** Whether the task failed because it ran past its timeout. */
  public boolean timedOut() {
    return state == TaskState.FAILED && error != null && TaskError.TIMEOUT.equals(error.code());
  }

  /** This snapshot with {@code update} applied and {@code eventId} as its newest event. */
  public TaskInfo apply(TaskUpdate update, long eventId) {
    return switch (update) {
      case TaskUpdate.Queued q -> new TaskInfo(id, kind, TaskState.QUEUED, value, total, message,
          createdAt, startedAt, endedAt, result, error, eventId);
      case TaskUpdate.Started s -> new TaskInfo(id, kind, TaskState.RUNNING, value, total, message,
          createdAt, s.at(), endedAt, result, error, eventId);
      case TaskUpdate.Progress p -> new TaskInfo(id, kind, state, p.value(), p.total(),
          p.message() != null ? p.message() : message, createdAt, startedAt, endedAt, result, error, eventId);
      case TaskUpdate.Custom c -> new TaskInfo(id, kind, state, value, total, message,
          createdAt, startedAt, endedAt, result, error, eventId);
      case TaskUpdate.Ended e -> new TaskInfo(id, kind, e.state(), value, total, message,
          createdAt, startedAt, e.at(), e.result(), e.error(), eventId);
    };
  }

  /**
   * The task as a JSON object: {@code id}, {@code kind}, {@code state} (lower case),
   * {@code value}, {@code total}, {@code message}, {@code createdAt}, {@code startedAt},
   * {@code endedAt} (ISO-8601 or null), {@code lastEventId}, and {@code result} once it succeeded
   * or {@code error} ({@code {"code": .., "message": ..}}) once it failed or was cancelled.
   */
  public String toJson() {
    StringBuilder out = new StringBuilder(160 + (result == null ? 0 : result.length())).append('{');
    JsonText.string(JsonText.field(out, "id"), id);
    JsonText.string(JsonText.field(out, "kind"), kind);
    JsonText.string(JsonText.field(out, "state"), state.wireName());
    JsonText.field(out, "value").append(value);
    JsonText.field(out, "total").append(total);
    JsonText.string(JsonText.field(out, "message"), message);
    JsonText.string(JsonText.field(out, "createdAt"), createdAt.toString());
    JsonText.string(JsonText.field(out, "startedAt"), startedAt == null ? null : startedAt.toString());
    JsonText.string(JsonText.field(out, "endedAt"), endedAt == null ? null : endedAt.toString());
    JsonText.field(out, "lastEventId").append(lastEventId);
    if (state == TaskState.SUCCEEDED) {
      JsonText.field(out, "result").append(result == null ? "null" : result);
    }
    if (error != null) {
      JsonText.field(out, "error").append('{');
      JsonText.string(JsonText.field(out, "code"), error.code());
      JsonText.string(JsonText.field(out, "message"), error.message());
      out.append('}');
    }
    return out.append('}').toString();
  }
}
