package dev.eddy.task;

/** TaskWatchEndedException is thrown by {@link TaskWatch#next()} and {@code poll} once the watch has ended. */
public class TaskWatchEndedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;
  private final transient TaskWatch.End end;

  public TaskWatchEndedException(String taskId, TaskWatch.End end) {
    super("the watch of task " + taskId + " has ended: " + end);
    this.end = end;
  }

  /** Why the watch ended. */
  public TaskWatch.End end() {
    return end;
  }
}
