package dev.eddy.task;

import dev.eddy.internal.task.Watcher;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * TaskRecord is one task in an {@link InMemoryTaskStore}: its snapshot, its log and its watchers.
 * Every method holds the record's monitor, so an append (id, snapshot, log, fan-out) and a watch
 * (replay snapshot, registration) are atomic with respect to each other: that is the whole
 * no-gap, no-duplicate argument, as in the Hub's channels.
 */
final class TaskRecord {
  private final long seq;
  private final EventLog log;
  private final Set<Watcher> watchers = new LinkedHashSet<>();
  private TaskInfo info;
  private boolean removed;

  TaskRecord(long seq, TaskInfo info, EventLog log) {
    this.seq = seq;
    this.info = info;
    this.log = log;
  }

  String id() {
    return info.id();
  }

  /** The store's creation order: larger is newer. */
  long seq() {
    return seq;
  }

  synchronized TaskInfo info() {
    return info;
  }

  /** Appended is an event just recorded and the task's snapshot right after it. */
  record Appended(TaskEvent event, TaskInfo after) {}

  /** Appends the next event; null once the task has finished or the record was removed. */
  synchronized Appended append(TaskUpdate update, Instant at) {
    if (removed || info.isFinished()) {
      return null;
    }
    long id = info.lastEventId() + 1;
    info = info.apply(update, id);
    TaskEvent e = new TaskEvent(id, update.type(), update.data(info), at);
    log.append(e);
    for (Iterator<Watcher> it = watchers.iterator(); it.hasNext(); ) {
      if (!it.next().offer(e)) {
        it.remove();
      }
    }
    return new Appended(e, info);
  }

  /** Registers a watcher that first replays the retained events after {@code afterId}; null if removed. */
  synchronized Watcher watch(long afterId, WatchOptions options, Consumer<TaskEvent> onEvent, ThreadFactory threads) {
    if (removed) {
      return null;
    }
    TaskWatch.Resume resume = afterId > info.lastEventId() ? TaskWatch.Resume.UNKNOWN
        : afterId < log.droppedUpTo() ? TaskWatch.Resume.GAP : TaskWatch.Resume.COMPLETE;
    TaskEvent[] replay = log.after(resume == TaskWatch.Resume.UNKNOWN ? 0 : afterId);
    Watcher w = new Watcher(info.id(), this::unregister, options, resume, replay, onEvent, threads);
    if (!info.isFinished()) {
      watchers.add(w);
    } else if (replay.length == 0 || !replay[replay.length - 1].isFinal()) {
      w.end(TaskWatch.End.FINISHED); // it has seen the final event already: nothing will follow
      return w;
    }
    w.start();
    return w;
  }

  synchronized void unregister(Watcher w) {
    watchers.remove(w);
  }

  synchronized int watcherCount() {
    return watchers.size();
  }

  synchronized int logSize() {
    return log.size();
  }

  /** Forgets the record; watchers keep what they have queued (the final event, for a finished task). */
  synchronized void remove() {
    removed = true;
    watchers.clear();
  }

  /** Ends every watcher with STORE_CLOSED and forgets the record. */
  synchronized void close() {
    removed = true;
    for (Watcher w : watchers) {
      w.end(TaskWatch.End.STORE_CLOSED);
    }
    watchers.clear();
  }
}
