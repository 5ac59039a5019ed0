package dev.eddy.redis.internal;

import dev.eddy.internal.task.Watcher;
import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskState;
import dev.eddy.task.TaskWatch;
import dev.eddy.task.WatchOptions;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * TaskWatches is a Redis task store's watchers on one instance: one {@link TaskFeed} per task
 * watched here, followed by the instance's {@link StreamReader} while it has watchers. A watch
 * takes the task's snapshot and the log's retained events in one script, then registers with the
 * feed, which merges them with live entries so nothing falls between replay and live delivery.
 */
public final class TaskWatches {
  private static final LuaScript SNAPSHOT = LuaScript.load("task-snapshot");

  private final RedisCommands<String, String> redis;
  private final StreamReader reader;
  private final TaskKeys keys;
  private final ConcurrentHashMap<String, TaskFeed> feeds = new ConcurrentHashMap<>();
  private final ThreadFactory threads = Thread.ofVirtual().name("eddy-redis-task-watch-", 1).factory();
  private final Object lock = new Object(); // orders adding and removing feeds, and the close
  private boolean closed;

  public TaskWatches(RedisCommands<String, String> redis, StreamReader reader, TaskKeys keys) {
    this.redis = redis;
    this.reader = reader;
    this.keys = keys;
  }

  /**
   * Watches a task's events after {@code afterId}; see {@link dev.eddy.task.TaskStore#watch}.
   *
   * @throws IllegalStateException if closed
   * @throws io.lettuce.core.RedisException if Redis can't be reached
   */
  public Optional<TaskWatch> watch(String taskId, long afterId, WatchOptions options, Consumer<TaskEvent> onEvent) {
    Objects.requireNonNull(options, "options");
    if (afterId < 0) {
      throw new IllegalArgumentException("afterId must not be negative, got " + afterId);
    }
    for (int attempt = 0; attempt < 1000; attempt++) {
      requireOpen();
      List<String> out = SNAPSHOT.run(redis, ScriptOutputType.MULTI, new String[] {keys.hash(taskId), keys.log(taskId)},
          Long.toString(afterId));
      if (out.isEmpty()) {
        return Optional.empty();
      }
      long last = Long.parseLong(out.get(0));
      long droppedUpTo = Long.parseLong(out.get(1));
      boolean finished = TaskState.parse(out.get(2)).isFinished();
      List<TaskEvent> retained = new ArrayList<>((out.size() - 3) / 4);
      for (int i = 3; i + 3 < out.size(); i += 4) {
        retained.add(TaskFeed.event(out.get(i), out.get(i + 1), out.get(i + 2), out.get(i + 3)));
      }
      TaskFeed feed = feedFor(taskId, last);
      Watcher w = feed.watch(afterId, last, droppedUpTo, finished, retained, options, onEvent, threads);
      feed.idleCheck(); // a watch that ended at once leaves no watcher behind
      if (w != null) {
        return Optional.of(w);
      }
    }
    throw new IllegalStateException("Could not watch task " + taskId + ": its local state kept changing");
  }

  private TaskFeed feedFor(String taskId, long startAfter) {
    TaskFeed f = feeds.get(taskId);
    if (f != null) {
      return f;
    }
    synchronized (lock) {
      requireOpen();
      f = feeds.get(taskId);
      if (f == null) {
        f = new TaskFeed(taskId, keys.log(taskId), startAfter, this::forget);
        feeds.put(taskId, f);
        reader.add(f);
      }
      return f;
    }
  }

  private void forget(TaskFeed f) {
    synchronized (lock) {
      if (feeds.remove(f.taskId(), f)) {
        reader.remove(f);
      }
    }
  }

  /** Ends every watch here with {@link TaskWatch.End#STORE_CLOSED}; later watches are refused. Idempotent. */
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    for (TaskFeed f : List.copyOf(feeds.values())) {
      f.close();
    }
  }

  private void requireOpen() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the task store is closed");
      }
    }
  }
}
