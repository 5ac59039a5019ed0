package dev.eddy.task;

/**
 * TaskRejectedException means a task could not be started for lack of room: nothing was created.
 * The HTTP API answers it with 429 (full) or 503 (closing).
 */
public class TaskRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the start was refused. */
  public enum Reason {
    /** The kind's concurrency limit is reached and its waiting queue is full. */
    QUEUE_FULL,
    /** The manager already holds its maximum of unfinished tasks, over all kinds. */
    TOO_MANY_TASKS,
    /** The manager is closing or closed. */
    CLOSED
  }

  private final Reason reason;

  public TaskRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
