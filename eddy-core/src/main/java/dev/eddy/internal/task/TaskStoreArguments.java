package dev.eddy.internal.task;

import dev.eddy.task.TaskInfo;
import dev.eddy.task.TaskState;
import java.time.Duration;
import java.util.Objects;

/**
 * TaskStoreArguments checks the arguments of a {@link dev.eddy.task.TaskStore}'s methods and the
 * settings its builder shares with the other stores (InMemoryTaskStore, RedisTaskStore), so every
 * store refuses bad input with the same {@link IllegalArgumentException} message. Each setting
 * check returns the value it checked.
 */
public final class TaskStoreArguments {
  private TaskStoreArguments() {}

  /** Checks the task given to {@code create}: queued, without events. */
  public static void checkNewTask(TaskInfo task) {
    Objects.requireNonNull(task, "task");
    if (task.state() != TaskState.QUEUED || task.lastEventId() != 0) {
      throw new IllegalArgumentException("a new task must be queued, without events: " + task);
    }
  }

  /** {@code retainFor}: zero (no age limit) or positive. */
  public static Duration retainFor(Duration maxAge) {
    if (maxAge == null || maxAge.isNegative()) {
      throw new IllegalArgumentException("retainFor must be zero (no limit) or positive, got " + maxAge);
    }
    return maxAge;
  }

  /** {@code retainAtMost}: zero or more finished tasks. */
  public static int retainAtMost(int maxFinished) {
    if (maxFinished < 0) {
      throw new IllegalArgumentException("retainAtMost must not be negative, got " + maxFinished);
    }
    return maxFinished;
  }

  /** {@code maxEvents}: at least one event per task log. */
  public static int maxEvents(int maxEvents) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be positive, got " + maxEvents);
    }
    return maxEvents;
  }

  /** {@code maxLogBytes}: at least 1024. */
  public static long maxLogBytes(long maxLogBytes) {
    if (maxLogBytes < 1024) {
      throw new IllegalArgumentException("maxLogBytes must be at least 1024, got " + maxLogBytes);
    }
    return maxLogBytes;
  }
}
