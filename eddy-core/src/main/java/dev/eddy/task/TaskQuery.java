package dev.eddy.task;

import java.util.Objects;
import java.util.Set;

/**
 * TaskQuery selects tasks for {@link Tasks#list}: newest first, optionally of one kind and in some
 * states, one page at a time.
 *
 * @param kind only tasks of this kind; null for all
 * @param states only tasks in these states; empty for all
 * @param limit the most tasks in one page, 1 to {@link #MAX_LIMIT}
 * @param cursor where the page starts: null for the newest, else the {@link TaskPage#next()} of
 *     the previous page
 */
public record TaskQuery(String kind, Set<TaskState> states, int limit, String cursor) {
  /** The largest page. */
  public static final int MAX_LIMIT = 1000;

  public TaskQuery {
    states = Set.copyOf(Objects.requireNonNull(states, "states"));
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
  }

  /** The newest 100 tasks of any kind and state. */
  public static TaskQuery all() {
    return new TaskQuery(null, Set.of(), 100, null);
  }

  public TaskQuery kind(String kind) {
    return new TaskQuery(kind, states, limit, cursor);
  }

  public TaskQuery states(Set<TaskState> states) {
    return new TaskQuery(kind, states, limit, cursor);
  }

  public TaskQuery limit(int limit) {
    return new TaskQuery(kind, states, limit, cursor);
  }

  public TaskQuery cursor(String cursor) {
    return new TaskQuery(kind, states, limit, cursor);
  }

  /** Whether {@code task} is selected by kind and state. */
  public boolean matches(TaskInfo task) {
    return (kind == null || kind.equals(task.kind())) && (states.isEmpty() || states.contains(task.state()));
  }
}
