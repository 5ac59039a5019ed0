package dev.eddy.task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * EventLog is one task's retained events, bounded however long the task runs:
 *
 * <pre>
 *   [queued] [running] [pinned progress] [ middle: progress and custom events ... ] [final]
 * </pre>
 *
 * <ul>
 *   <li>State changes are kept apart and never dropped (there are at most three).
 *   <li>A progress event that arrives right after another (nothing between them in the log)
 *       replaces it: consecutive progress collapses into the latest, so a million steps keep one.
 *   <li>The middle holds at most {@code maxEvents} events and {@code maxBytes} of data (at least
 *       one event, however big). Past that, its oldest event goes; if that is the latest progress
 *       it is pinned in front of the middle instead, until a newer progress replaces it. The
 *       highest id dropped this way is {@link #droppedUpTo()}: a watcher resuming below it has a
 *       gap.
 * </ul>
 *
 * <p>Not thread-safe: its {@link TaskRecord} guards it.
 */
final class EventLog {
  private final int maxEvents;
  private final long maxBytes;
  private TaskEvent queued;
  private TaskEvent running;
  private TaskEvent pinned;
  private final ArrayDeque<TaskEvent> middle = new ArrayDeque<>();
  private long middleBytes;
  private TaskEvent last;
  private long latestProgressId;
  private long droppedUpTo;

  EventLog(int maxEvents, long maxBytes) {
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  void append(TaskEvent e) {
    if (e.isFinal()) {
      last = e;
    } else if (e.type().equals(TaskEvent.QUEUED)) {
      queued = e;
    } else if (e.type().equals(TaskEvent.RUNNING)) {
      running = e;
    } else {
      if (e.isProgress()) {
        TaskEvent tail = middle.peekLast();
        if (tail != null && tail.isProgress()) {
          middle.pollLast();
          middleBytes -= size(tail);
        }
        pinned = null; // superseded
        latestProgressId = e.id();
      }
      middle.addLast(e);
      middleBytes += size(e);
      trim();
    }
  }

  private void trim() {
    while (middle.size() > 1 && (middle.size() > maxEvents || middleBytes > maxBytes)) {
      TaskEvent oldest = middle.pollFirst();
      middleBytes -= size(oldest);
      if (oldest.id() == latestProgressId) {
        pinned = oldest;
      } else {
        droppedUpTo = Math.max(droppedUpTo, oldest.id());
      }
    }
  }

  private static long size(TaskEvent e) {
    return e.data().length() + e.type().length() + 32L;
  }

  /** The highest id the bound dropped (0 if none): events after an id below it may be missing. */
  long droppedUpTo() {
    return droppedUpTo;
  }

  /** The retained events with ids above {@code afterId}, in id order. */
  TaskEvent[] after(long afterId) {
    List<TaskEvent> out = new ArrayList<>(middle.size() + 4);
    add(out, queued, afterId);
    add(out, running, afterId);
    add(out, pinned, afterId);
    if (!middle.isEmpty() && middle.peekLast().id() > afterId) {
      for (TaskEvent e : middle) {
        add(out, e, afterId);
      }
    }
    add(out, last, afterId);
    return out.toArray(TaskEvent[]::new);
  }

  private static void add(List<TaskEvent> out, TaskEvent e, long afterId) {
    if (e != null && e.id() > afterId) {
      out.add(e);
    }
  }

  /** How many events are retained. */
  int size() {
    return middle.size() + (queued == null ? 0 : 1) + (running == null ? 0 : 1)
        + (pinned == null ? 0 : 1) + (last == null ? 0 : 1);
  }
}
