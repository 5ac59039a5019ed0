package dev.eddy.task;

import java.time.Duration;

/**
 * StartOptions shape one task's start: its own timeout and its owner.
 *
 * <pre>{@code
 * tasks.start("report", args, StartOptions.defaults().timeout(Duration.ofSeconds(30)).owner(scope));
 * }</pre>
 *
 * @param timeout overrides the kind's timeout for this task; null keeps the kind's
 * @param owner the scope the task is bound to: closing it cancels the task. Null: detached, the
 *     task lives until it ends or is cancelled
 */
public record StartOptions(Duration timeout, TaskScope owner) {
  public StartOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** The kind's timeout, detached. */
  public static StartOptions defaults() {
    return new StartOptions(null, null);
  }

  public StartOptions timeout(Duration timeout) {
    return new StartOptions(timeout, owner);
  }

  public StartOptions owner(TaskScope owner) {
    return new StartOptions(timeout, owner);
  }
}
