package dev.eddy.task;

import java.util.Locale;

/**
 * TaskState is where a task is in its life: {@code QUEUED -> RUNNING -> SUCCEEDED | FAILED |
 * CANCELLED}, or {@code QUEUED -> CANCELLED} when cancelled before it ran. The last three are
 * final: a finished task never changes again.
 *
 * <p>A timeout is not a state of its own: a task that runs past its timeout ends {@link #FAILED}
 * with the error code {@code "timeout"} ({@link TaskInfo#timedOut()}), so clients that only know
 * "succeeded, failed or cancelled" still understand it.
 */
public enum TaskState {
  /** Waiting for a slot under its kind's concurrency limit. */
  QUEUED,
  /** Its body is running. */
  RUNNING,
  /** Its body returned; the result is kept. */
  SUCCEEDED,
  /** Its body threw, or it timed out; the error is kept. */
  FAILED,
  /** It was cancelled (by request, because its owner closed, or at shutdown) and has stopped. */
  CANCELLED;

  /** Whether the task has ended for good. */
  public boolean isFinished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The name on the wire, lower case: {@code "running"}; also the event type of the change. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state named {@code name} (any case); throws {@link IllegalArgumentException} naming the valid ones. */
  public static TaskState parse(String name) {
    for (TaskState s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown task state '" + name
        + "'; expected one of queued, running, succeeded, failed, cancelled");
  }
}
