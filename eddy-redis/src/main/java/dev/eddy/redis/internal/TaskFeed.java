package dev.eddy.redis.internal;

import dev.eddy.internal.task.Watcher;
import dev.eddy.task.TaskEvent;
import dev.eddy.task.TaskWatch;
import dev.eddy.task.WatchOptions;
import io.lettuce.core.StreamMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * TaskFeed is one task's log as an instance follows it for its local watchers: the position up to
 * which the stream reader has fanned the log out, and the watchers. Its monitor orders the reader's
 * fan-out against a registration, as {@link HubChannel} does for a Hub channel: a new watcher's
 * replay ends at the position and the reader delivers only what is above it. It exists while the
 * task has watchers here.
 */
public final class TaskFeed implements StreamReader.Feed {
  private final String taskId;
  private final String key;
  private final Consumer<TaskFeed> onIdle;
  private final Set<Watcher> watchers = new LinkedHashSet<>();
  private final Map<Watcher, Long> startAfter = new IdentityHashMap<>();
  private long position;
  private boolean removed;
  private boolean idleReported;

  public TaskFeed(String taskId, String key, long startAfterEvent, Consumer<TaskFeed> onIdle) {
    this.taskId = taskId;
    this.key = key;
    this.position = startAfterEvent;
    this.onIdle = onIdle;
  }

  public String taskId() {
    return taskId;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public synchronized String position() {
    return StreamIds.event(position);
  }

  /** The event a log entry holds: fields t (type), d (data), a (time, ms). */
  public static TaskEvent event(String streamId, String type, String data, String at) {
    return new TaskEvent(StreamIds.eventNumber(streamId), type, data, Instant.ofEpochMilli(Long.parseLong(at)));
  }

  @Override
  public void deliver(List<StreamMessage<String, String>> entries) {
    synchronized (this) {
      if (removed) {
        return;
      }
      for (StreamMessage<String, String> entry : entries) {
        Map<String, String> f = entry.getBody();
        TaskEvent e = event(entry.getId(), f.get("t"), f.get("d"), f.get("a"));
        if (e.id() <= position) {
          continue;
        }
        position = e.id();
        for (var it = watchers.iterator(); it.hasNext(); ) {
          Watcher w = it.next();
          Long skip = startAfter.isEmpty() ? null : startAfter.get(w);
          if (skip != null) {
            if (e.id() <= skip) {
              continue;
            }
            startAfter.remove(w);
          }
          if (!w.offer(e)) {
            it.remove();
            startAfter.remove(w);
          }
        }
      }
    }
    idleCheck();
  }

  /**
   * Registers a watcher after {@code afterId}: {@code retained} are the log's entries from a snapshot
   * taken at {@code snapshotLast}. Null if the feed was removed or has delivered past the snapshot
   * (take a fresh one and retry).
   */
  public synchronized Watcher watch(long afterId, long snapshotLast, long dropped, boolean finished,
      List<TaskEvent> retained, WatchOptions options, Consumer<TaskEvent> onEvent, ThreadFactory threads) {
    if (removed || position > snapshotLast) {
      return null;
    }
    TaskWatch.Resume resume = afterId > snapshotLast ? TaskWatch.Resume.UNKNOWN
        : afterId < dropped ? TaskWatch.Resume.GAP : TaskWatch.Resume.COMPLETE;
    List<TaskEvent> replay = new ArrayList<>(retained.size());
    for (TaskEvent e : retained) {
      if (e.id() <= position) {
        replay.add(e);
      }
    }
    Watcher w = new Watcher(taskId, this::unregister, options, resume, replay.toArray(TaskEvent[]::new), onEvent, threads);
    if (finished && afterId >= snapshotLast) {
      w.end(TaskWatch.End.FINISHED); // it has seen the final event already: nothing will follow
      return w;
    }
    watchers.add(w);
    if (resume != TaskWatch.Resume.UNKNOWN && afterId > position) {
      startAfter.put(w, afterId);
    }
    w.start();
    return w;
  }

  /** Ends every watcher with STORE_CLOSED. */
  public void close() {
    synchronized (this) {
      for (Watcher w : watchers) {
        w.end(TaskWatch.End.STORE_CLOSED);
      }
      watchers.clear();
      startAfter.clear();
    }
    idleCheck();
  }

  private void unregister(Watcher w) {
    synchronized (this) {
      watchers.remove(w);
      startAfter.remove(w);
    }
    idleCheck();
  }

  /** Removes the feed once no watcher is left here, and tells the store, once; outside the monitor. */
  public void idleCheck() {
    synchronized (this) {
      if (!watchers.isEmpty() || idleReported) {
        return;
      }
      removed = true;
      idleReported = true;
    }
    onIdle.accept(this);
  }
}
