package dev.eddy.task;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * TaskEvent is one entry of a task's event log, as watchers get it. Its {@link #type} is the SSE
 * event name, its {@link #data} the SSE data:
 *
 * <table>
 *   <caption>Event types</caption>
 *   <tr><th>type</th><th>data (JSON)</th></tr>
 *   <tr><td>{@code queued}, {@code running}</td><td>the task ({@link TaskInfo#toJson()}) at that
 *       moment</td></tr>
 *   <tr><td>{@code progress}</td><td>{@code {"value": 3, "total": 10}}, plus {@code "message"}
 *       when the body gave one</td></tr>
 *   <tr><td>any other name</td><td>a custom event: the payload given to
 *       {@link TaskContext#emit}</td></tr>
 *   <tr><td>{@code succeeded}, {@code failed}, {@code cancelled}</td><td>the final event, always
 *       the last: the task with its {@code result} or {@code error}</td></tr>
 * </table>
 *
 * @param id increases with each event of the task, starting at 1; ids skipped in a log belong to
 *     progress events that a later one replaced, or events dropped by the log's bound
 * @param type the event type, as above
 * @param data the event's data as JSON text
 * @param at when the event was recorded
 */
public record TaskEvent(long id, String type, String data, Instant at) {
  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String PROGRESS = "progress";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  private static final Set<String> RESERVED = Set.of(QUEUED, RUNNING, PROGRESS, SUCCEEDED, FAILED, CANCELLED);
  /** The longest custom event type. */
  public static final int MAX_TYPE_LENGTH = 64;

  public TaskEvent {
    if (id < 1) {
      throw new IllegalArgumentException("event id must be positive, got " + id);
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(at, "at");
  }

  /** Whether this is a progress event, which a later one may replace in logs and queues. */
  public boolean isProgress() {
    return type.equals(PROGRESS);
  }

  /** Whether this is the task's final event (succeeded, failed or cancelled): nothing follows it. */
  public boolean isFinal() {
    return type.equals(SUCCEEDED) || type.equals(FAILED) || type.equals(CANCELLED);
  }

  /** Whether this records a change of state (queued, running or final). */
  public boolean isStateChange() {
    return isFinal() || type.equals(QUEUED) || type.equals(RUNNING);
  }

  /**
   * Checks a custom event type: 1 to {@value #MAX_TYPE_LENGTH} of {@code A-Z a-z 0-9 . _ -}, and
   * not one of the built-in types.
   *
   * @throws IllegalArgumentException naming the problem
   */
  static void checkCustomType(String type) {
    if (type == null || type.isEmpty() || type.length() > MAX_TYPE_LENGTH) {
      throw new IllegalArgumentException("Event type must be 1 to " + MAX_TYPE_LENGTH + " characters, got "
          + (type == null ? "null" : "'" + type + "'"));
    }
    if (!Names.isToken(type)) {
      throw new IllegalArgumentException("Event type '" + type + "' may only use letters, digits, '.', '_' and '-'");
    }
    if (RESERVED.contains(type)) {
      throw new IllegalArgumentException("Event type '" + type + "' is built in; custom events need another name");
    }
  }
}
